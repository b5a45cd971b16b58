import { fromDb, mixAtSnr, signalLevel } from '../src/audio/levels.js';
import { addSines, addSinesWithEnergy, type Tone } from '../src/dsp/oscillator.js';
import { num } from '../src/perturbation/params.js';
import {
  exactlyOne,
  levelInsteadOfSnr,
  signalReference,
  snrInsteadOfLevel,
} from '../src/perturbation/shared-params.js';
import { definePerturbation } from '../src/perturbation/types.js';

/**
 * Mains hum and tonal equipment noise: a fundamental (50/60 Hz mains, or any motor or
 * transformer frequency) and its harmonics, each partial a steady sinusoid with a random
 * phase. Partial k (k = 1 is the fundamental) sits `rolloff`·(k−1) dB below the fundamental.
 * `level` is the RMS level of the fundamental alone, so a spectrum analyser reads the
 * fundamental at exactly `level` dBFS; `snr` instead sets signal level over total hum RMS.
 */
export const hum = definePerturbation({
  name: 'hum',
  summary: 'Mains or equipment hum: a fundamental and harmonics at a level (dBFS) or SNR',
  details:
    'Partial k is at level − rolloff·(k−1) dB. level = RMS of the fundamental alone in dBFS (full-scale square wave = 0 dBFS). snr = signal level (P.56 active or RMS) over the total hum RMS. Partials at or above Nyquist are dropped.',
  params: {
    fundamental: num({
      unit: 'Hz',
      min: 1,
      max: 4000,
      default: 60,
      description: 'Frequency of the first partial',
    }),
    harmonics: num({
      unit: 'count',
      min: 1,
      max: 40,
      integer: true,
      default: 5,
      description: 'Number of partials, the fundamental included',
    }),
    rolloff: num({
      unit: 'dB',
      min: 0,
      max: 60,
      default: 6,
      description: 'Drop in level per harmonic step',
    }),
    level: levelInsteadOfSnr('RMS level of the fundamental'),
    snr: snrInsteadOfLevel('Signal level over total hum RMS, instead of level'),
    reference: signalReference,
  },
  check: ({ snr, level }) => exactlyOne({ level, snr }, { level: 'dBFS', snr: 'dB' }),
  apply(audio, { fundamental, harmonics, rolloff, level, snr, reference }, { rng, onlyIn }) {
    const { samples, sampleRate } = audio;
    const fundamentalAmplitude = Math.SQRT2 * fromDb(level ?? 0); // sine RMS = amplitude / √2
    const partials: Tone[] = [];
    for (let k = 1; k <= harmonics; k++) {
      const f = fundamental * k;
      const phase = rng.uniform(0, 2 * Math.PI); // drawn for every partial so draws stay aligned
      if (f >= sampleRate / 2) continue;
      const amplitude = fundamentalAmplitude * fromDb(-rolloff * (k - 1));
      partials.push({ amplitude, w: (2 * Math.PI * f) / sampleRate, phase });
    }
    if (snr === undefined) {
      // At a fixed level the tones go straight onto a copy of the speech: one buffer, one pass.
      const out = samples.slice();
      addSines(out, partials);
      return { samples: out, sampleRate };
    }
    const tone = new Float32Array(samples.length);
    const energy = addSinesWithEnergy(tone, partials);
    const noiseRms = tone.length === 0 ? 0 : Math.sqrt(energy / tone.length);
    if (noiseRms === 0) return { samples: samples.slice(), sampleRate };
    const speech = signalLevel(samples, sampleRate, reference);
    const { mixed, peak } = mixAtSnr(samples, tone, snr, speech, {
      noiseRms,
      inPlace: true,
      only: onlyIn,
    });
    return { samples: mixed, sampleRate, peak };
  },
});
