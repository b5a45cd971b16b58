import { basename } from 'node:path';
import { audioFilesAt, readCached } from '../src/audio/bed-files.js';
import { mixAtLevel, mixAtSnr, rms, signalLevel } from '../src/audio/levels.js';
import { coloredNoiseWithEnergy } from '../src/dsp/colored-noise.js';
import { loopBed } from '../src/dsp/loop.js';
import { choice, num, path } from '../src/perturbation/params.js';
import {
  exactlyOne,
  levelInsteadOfSnr,
  signalReference,
  snrInsteadOfLevel,
} from '../src/perturbation/shared-params.js';
import { definePerturbation } from '../src/perturbation/types.js';

/**
 * Stationary noise — fans, HVAC, line hiss, or a recorded room — at a target SNR or absolute
 * level. SNR = signal level − noise RMS (whole clip), with the signal level defined by
 * `reference`: `active` is the ITU-T P.56 active speech level, so clips with more silence are
 * not given quieter noise; `rms` is whole-clip RMS, as audiomentations and most augmentation code
 * use. With `file`, the noise is a recorded bed (a file, or one file per clip picked from a
 * folder) read from a random offset and looped seamlessly with a crossfade when shorter than
 * the clip; `color` is then ignored.
 */
export const noise = definePerturbation({
  name: 'noise',
  summary:
    'Coloured or recorded-bed noise at a target SNR (P.56 active level or RMS) or level (dBFS)',
  details:
    'SNR is signal level minus noise RMS over the whole clip (the noise segment actually added). The signal level is the ITU-T P.56 active speech level (reference: active) or whole-clip RMS (reference: rms). Give snr or level, not both. file: a WAV/FLAC/MP3/Ogg bed or a folder of them (one picked per clip), resampled to the clip rate, read from a random offset and looped with an equal-power crossfade when shorter than the clip.',
  params: {
    color: choice({
      values: ['white', 'pink', 'brown'],
      default: 'white',
      description: 'Spectral slope: flat, -3 dB/octave, -6 dB/octave (ignored with file)',
    }),
    file: path({
      optional: true,
      description: 'Recorded noise bed: an audio file, or a folder of them (one picked per clip)',
    }),
    crossfade: num({
      unit: 's',
      min: 0,
      max: 5,
      default: 0.25,
      description: 'Crossfade at the loop point when a bed is shorter than the clip',
    }),
    snr: snrInsteadOfLevel('Target signal-to-noise ratio'),
    level: levelInsteadOfSnr('Absolute noise RMS level instead of an SNR'),
    reference: signalReference,
  },
  check: ({ snr, level }) => exactlyOne({ snr, level }, { snr: 'dB', level: 'dBFS' }),
  async apply(audio, { color, file, crossfade, snr, level, reference }, context) {
    const { rng, note } = context;
    const n = audio.samples.length;
    let bed: Float32Array;
    let bedRms: number;
    if (file === undefined) {
      const made = coloredNoiseWithEnergy(n, color, rng);
      bed = made.samples;
      bedRms = n === 0 ? 0 : Math.sqrt(made.sumSquares / n);
    } else {
      const files = await audioFilesAt(context.resolvePath(file));
      const chosen = files[files.length === 1 ? 0 : rng.int(files.length)];
      const recorded = await readCached(chosen, audio.sampleRate);
      const m = recorded.samples.length;
      const fade = Math.round(crossfade * audio.sampleRate);
      const span = m >= n ? m - n + 1 : m - Math.min(fade, Math.floor(m / 2));
      const offset = rng.int(span);
      bed = loopBed(recorded.samples, n, offset, fade);
      note('file', basename(chosen));
      note('offset', Math.round((offset / audio.sampleRate) * 1e6) / 1e6);
      bedRms = rms(bed);
      if (bedRms === 0) note('skipped', 'silent bed segment: no noise added');
    }
    const options = { inPlace: true, noiseRms: bedRms, only: context.onlyIn };
    if (snr === undefined) {
      const { mixed, peak } = mixAtLevel(audio.samples, bed, level ?? -120, options);
      return { samples: mixed, sampleRate: audio.sampleRate, peak };
    }
    const speech = signalLevel(audio.samples, audio.sampleRate, reference);
    if (speech === 0) note('skipped', 'silent clip: SNR undefined, no noise added');
    const { mixed, peak } = mixAtSnr(audio.samples, bed, snr, speech, options);
    return { samples: mixed, sampleRate: audio.sampleRate, peak };
  },
});
