import { fromDb } from '../src/audio/levels.js';
import { num } from '../src/perturbation/params.js';
import { definePerturbation } from '../src/perturbation/types.js';

/** A fixed gain: a quieter or louder talker, a microphone further away or closer. */
export const gain = definePerturbation({
  name: 'gain',
  summary: 'Multiply the signal by a fixed gain in dB',
  params: {
    db: num({
      unit: 'dB',
      min: -60,
      max: 40,
      default: 0,
      description: 'Gain applied to every sample',
    }),
  },
  apply(audio, { db }) {
    const g = fromDb(db);
    const samples = new Float32Array(audio.samples.length);
    for (let i = 0; i < samples.length; i++) samples[i] = audio.samples[i] * g;
    return { samples, sampleRate: audio.sampleRate };
  },
});
