// The code as it was before the speed work (commit bf065f4), kept as the reference
// test/perturbations/same-output.test.ts holds the rewritten code to, sample for sample.
import { activeSpeechLevel, mixAtSnr, signalLevel } from '../../../src/audio/levels.js';
import { loopBed } from '../../../src/dsp/loop.js';
import { resample } from '../../../src/dsp/resample.js';
import { UserError } from '../../../src/errors.js';
import { num } from '../../../src/perturbation/params.js';
import { signalReference } from '../../../src/perturbation/shared-params.js';
import { definePerturbation } from '../../../src/perturbation/types.js';

/**
 * Babble — the cafeteria, ward round or waiting room: N talkers drawn from the corpus's other
 * speakers (never the target speaker; distinct speakers while there are enough), each scaled to
 * the same P.56 active speech level, started at a random offset and looped (with a short
 * crossfade) to the clip's length, summed, and added at a target SNR. SNR = signal level
 * (P.56 active or RMS) − babble RMS over the whole clip.
 */
export const babble = definePerturbation({
  name: 'babble',
  summary: 'Babble of N other speakers from the corpus at a target SNR',
  details:
    'Talkers are clips of speakers other than the target, distinct speakers first; each is normalised to equal P.56 active level, offset at random and looped to the clip length. SNR = signal level (P.56 active or RMS) over the summed babble RMS, whole clip. Needs the corpus (context.corpus).',
  params: {
    talkers: num({
      unit: 'count',
      min: 1,
      max: 32,
      integer: true,
      default: 6,
      description: 'Number of simultaneous background talkers',
    }),
    snr: num({
      unit: 'dB',
      min: -20,
      max: 60,
      default: 10,
      description: 'Signal level over babble RMS',
    }),
    reference: signalReference,
  },
  async apply(audio, { talkers, snr, reference }, { rng, clip, corpus, note }) {
    if (!corpus) throw new UserError('babble needs a corpus to draw other speakers from');
    const others = corpus.clips.filter((c) => c.speaker !== clip.speaker);
    if (others.length === 0) {
      throw new UserError(
        `babble needs speakers other than ${clip.speaker}; the corpus has no other speaker`,
      );
    }
    // Distinct speakers first: group clips by speaker, shuffle the speakers, take one clip each,
    // and only come back to a speaker when there are more talkers than speakers.
    const bySpeaker = new Map<string, typeof others>();
    for (const c of others) bySpeaker.set(c.speaker, [...(bySpeaker.get(c.speaker) ?? []), c]);
    const speakers = [...bySpeaker.keys()].sort();
    shuffle(speakers, rng);
    const chosen: string[] = [];
    for (let t = 0; t < talkers; t++) {
      const pool = bySpeaker.get(speakers[t % speakers.length])!;
      chosen.push(pool[rng.int(pool.length)].id);
    }
    const n = audio.samples.length;
    const sum = new Float32Array(n);
    const fade = Math.round(0.05 * audio.sampleRate);
    for (const id of chosen) {
      const talker = await corpus.load(id);
      const x =
        talker.sampleRate === audio.sampleRate
          ? talker.samples
          : resample(talker.samples, talker.sampleRate, audio.sampleRate);
      const { level } = activeSpeechLevel(x, audio.sampleRate);
      const offset = rng.int(Math.max(1, x.length));
      if (level === 0) continue;
      const segment = loopBed(x, n, offset, fade);
      const g = 0.1 / level; // every talker at the same active level
      addScaled(sum, segment, g);
    }
    note('talkers', chosen.join(' '));
    const speech = signalLevel(audio.samples, audio.sampleRate, reference);
    return {
      samples: mixAtSnr(audio.samples, sum, snr, speech).mixed,
      sampleRate: audio.sampleRate,
    };
  },
});

/** sum += g · x. Its own function: a hot loop inside an async function is poorly optimised. */
function addScaled(sum: Float32Array, x: Float32Array, g: number): void {
  for (let i = 0; i < sum.length; i++) sum[i] += g * x[i];
}

function shuffle<T>(items: T[], rng: { int(n: number): number }): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
}
