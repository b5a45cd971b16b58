import { mixAtLevel, mixAtSnr, signalLevel } from '../src/audio/levels.js';
import { coloredNoise } from '../src/dsp/colored-noise.js';
import { choice, num } from '../src/perturbation/params.js';
import { definePerturbation } from '../src/perturbation/types.js';

/**
 * Stationary coloured noise — fans, HVAC, line hiss — at a target SNR or absolute level.
 * SNR = signal level − noise RMS (whole clip), with the signal level defined by `reference`:
 * `active` is the ITU-T P.56 active speech level, so clips with more silence are not given
 * quieter noise; `rms` is whole-clip RMS, as audiomentations and most augmentation code use.
 */
export const noise = definePerturbation({
  name: 'noise',
  summary: 'White, pink or brown noise at a target SNR (P.56 active level or RMS) or level',
  details:
    'SNR is signal level minus noise RMS over the whole clip. The signal level is the ITU-T P.56 active speech level (reference: active) or whole-clip RMS (reference: rms). Give snr or level, not both.',
  params: {
    color: choice({
      values: ['white', 'pink', 'brown'],
      default: 'white',
      description: 'Spectral slope: flat, -3 dB/octave, -6 dB/octave',
    }),
    snr: num({
      unit: 'dB',
      min: -20,
      max: 80,
      optional: true,
      description: 'Target signal-to-noise ratio',
    }),
    level: num({
      unit: 'dBFS',
      min: -120,
      max: 0,
      optional: true,
      description: 'Absolute noise RMS level instead of an SNR',
    }),
    reference: choice({
      values: ['active', 'rms'],
      default: 'active',
      description: 'Signal power for SNR: P.56 active speech level or whole-clip RMS',
    }),
  },
  check: ({ snr, level }) =>
    snr === undefined && level === undefined
      ? ['give snr (dB) or level (dBFS)']
      : snr !== undefined && level !== undefined
        ? ['give snr or level, not both']
        : [],
  apply(audio, { color, snr, level, reference }, { rng, note }) {
    const bed = coloredNoise(audio.samples.length, color, rng);
    if (snr === undefined)
      return {
        samples: mixAtLevel(audio.samples, bed, level ?? -120).mixed,
        sampleRate: audio.sampleRate,
      };
    const speech = signalLevel(audio.samples, audio.sampleRate, reference);
    if (speech === 0) note('noise.skipped', 'silent clip: SNR undefined, no noise added');
    return {
      samples: mixAtSnr(audio.samples, bed, snr, speech).mixed,
      sampleRate: audio.sampleRate,
    };
  },
});
