import { basename } from 'node:path';
import { audioFilesAt, readCached } from '../src/audio/bed-files.js';
import { fftConvolveWithPeak } from '../src/dsp/fft-convolve.js';
import { normaliseEnergy, shoeboxAcoustics, syntheticRoomIr } from '../src/dsp/room.js';
import { num, path } from '../src/perturbation/params.js';
import { definePerturbation } from '../src/perturbation/types.js';

/**
 * Reverberation by convolution with a room impulse response, one of:
 *  - `ir`: a recorded IR file (any format and rate; resampled; a folder picks one per clip),
 *  - a shoebox room (`length`, `width`, `height`, `absorption`, `distance`): RT60 by Eyring's
 *    formula and DRR from the critical distance, then the synthetic model below,
 *  - otherwise a synthetic room of the given `rt60` and `drr` (exponentially decaying Gaussian
 *    noise after a direct path; see src/dsp/room.ts).
 * Every IR is shifted so its strongest sample (the direct path) is at time 0 — the output stays
 * time-aligned with the dry speech — and normalised to unit energy, so broadband level is kept.
 * The reverberant tail past the clip's end is cut (the length is kept).
 */
export const reverb = definePerturbation({
  name: 'reverb',
  summary: 'Room reverberation: an IR file, a synthetic room (RT60, DRR) or a shoebox room',
  details:
    'IR normalised to unit energy with its direct path (strongest sample) moved to t = 0. Synthetic: Gaussian tail decaying 60 dB in rt60, 5 ms after a unit direct path, scaled to drr. Shoebox: RT60 = 0.161 V / (−S ln(1−a)) (Eyring), DRR = 20 log10(r_c / distance), r_c = √(S a / (1−a) / 16π). Tail beyond the clip end is cut.',
  params: {
    ir: path({
      optional: true,
      description: 'Impulse-response file (or folder: one per clip); overrides the room',
    }),
    rt60: num({
      unit: 's',
      min: 0.05,
      max: 10,
      default: 0.5,
      description: 'Reverberation time of the synthetic room (−60 dB)',
    }),
    drr: num({
      unit: 'dB',
      min: -20,
      max: 30,
      default: 3,
      description: 'Direct-to-reverberant energy ratio of the synthetic room',
    }),
    length: num({ unit: 'm', min: 1, max: 100, optional: true, description: 'Shoebox length' }),
    width: num({ unit: 'm', min: 1, max: 100, optional: true, description: 'Shoebox width' }),
    height: num({ unit: 'm', min: 1, max: 30, optional: true, description: 'Shoebox height' }),
    absorption: num({
      unit: 'ratio',
      min: 0.01,
      max: 0.99,
      default: 0.2,
      description: 'Shoebox mean absorption coefficient',
    }),
    distance: num({
      unit: 'm',
      min: 0.05,
      max: 50,
      default: 1,
      description: 'Shoebox source–microphone distance',
    }),
  },
  check: ({ length, width, height }) => {
    const given = [length, width, height].filter((v) => v !== undefined).length;
    return given === 0 || given === 3 ? [] : ['a shoebox room needs length, width and height'];
  },
  async apply(audio, p, { rng, note, resolvePath }) {
    const { sampleRate } = audio;
    let ir: Float32Array;
    if (p.ir !== undefined) {
      const files = await audioFilesAt(resolvePath(p.ir));
      const chosen = files[files.length === 1 ? 0 : rng.int(files.length)];
      ir = alignDirectPath((await readCached(chosen, sampleRate)).samples);
      note('ir', basename(chosen));
    } else {
      let { rt60, drr } = p;
      if (p.length !== undefined && p.width !== undefined && p.height !== undefined) {
        ({ rt60, drrDb: drr } = shoeboxAcoustics(
          p.length,
          p.width,
          p.height,
          p.absorption,
          p.distance,
        ));
        note('rt60', Math.round(rt60 * 1000) / 1000);
        note('drr', Math.round(drr * 100) / 100);
      }
      ir = syntheticRoomIr(rt60, drr, sampleRate, rng);
    }
    const { samples, peak } = fftConvolveWithPeak(audio.samples, ir, audio.samples.length);
    return { samples, sampleRate, peak };
  },
});

/** The IR from its strongest sample on, at unit energy. */
export function alignDirectPath(ir: Float32Array): Float32Array {
  let peakAt = 0;
  for (let i = 1; i < ir.length; i++) if (Math.abs(ir[i]) > Math.abs(ir[peakAt])) peakAt = i;
  return normaliseEnergy(ir.subarray(peakAt));
}
