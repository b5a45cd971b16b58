import { resample } from '../src/dsp/resample.js';
import { wsola } from '../src/dsp/wsola.js';
import { choice, num } from '../src/perturbation/params.js';
import { definePerturbation } from '../src/perturbation/types.js';

/**
 * Faster or slower talkers. `speed` (Ko et al. 2015, Kaldi's 0.9×/1.0×/1.1× augmentation, sox
 * `speed`): the clip is resampled as if played `factor` times faster — tempo and pitch both
 * scale by `factor`. `tempo`: WSOLA time-scaling — tempo scales, pitch and formants stay.
 * The factor is quantised to 1/1000 (noted as `factor`).
 *
 * Length: both change the duration to n/factor, but the pipeline keeps every clip's length
 * (so conditions stay paired sample for sample with the clean clip and with each other). The
 * design: a shorter result is padded with silence at the end; a longer one is trimmed from its
 * silent ends first — leading and trailing silence (frames 40 dB under the loudest 10 ms frame),
 * evenly — and only if that is not enough from the end, recording the speech cut as
 * `speechCut` seconds so a run can tell when words may have been lost. Unlike other kinds the
 * output is therefore not time-aligned with the input: that is the point of the perturbation.
 */
export const speed = definePerturbation({
  name: 'speed',
  summary: 'Speed (tempo + pitch, resampling) or tempo-only (WSOLA) change, length kept',
  details:
    'speed: resample by factor (pitch and tempo scale together, as Kaldi/sox speed). tempo: WSOLA, pitch kept. The result is padded with silence at the end when shorter, or trimmed from leading/trailing silence (then the end) when longer; speech cut is noted as speechCut (s).',
  params: {
    factor: num({
      unit: 'ratio',
      min: 0.5,
      max: 2,
      default: 1.1,
      description: 'Rate: 1.1 = 10 % faster, 0.9 = 10 % slower',
    }),
    mode: choice({
      values: ['speed', 'tempo'],
      default: 'speed',
      description: 'speed: pitch follows the rate; tempo: pitch kept (WSOLA)',
    }),
  },
  apply(audio, { factor, mode }, { note }) {
    const { samples, sampleRate } = audio;
    const milli = Math.round(factor * 1000);
    note('factor', milli / 1000);
    const changed =
      mode === 'speed' ? resample(samples, milli, 1000) : wsola(samples, milli / 1000, sampleRate);
    const { fitted, speechCut } = fitToLength(changed, samples.length, sampleRate);
    if (speechCut > 0) note('speechCut', Math.round(speechCut * 1000) / 1000);
    return { samples: fitted, sampleRate };
  },
});

/** Pads at the end, or trims silence first (see the kind's description). */
export function fitToLength(
  y: Float32Array,
  n: number,
  sampleRate: number,
): { fitted: Float32Array; speechCut: number } {
  if (y.length <= n) {
    const fitted = new Float32Array(n);
    fitted.set(y);
    return { fitted, speechCut: 0 };
  }
  const excess = y.length - n;
  const { lead, trail } = silentEnds(y, sampleRate);
  let cutLead = Math.min(lead, Math.ceil(excess / 2));
  const cutTrail = Math.min(trail, excess - cutLead);
  cutLead = Math.min(lead, excess - cutTrail);
  const start = cutLead;
  const speechCut = excess - cutLead - cutTrail;
  return { fitted: y.slice(start, start + n), speechCut: speechCut / sampleRate };
}

/** Samples of silence before the first and after the last frame within 40 dB of the loudest. */
function silentEnds(y: Float32Array, sampleRate: number): { lead: number; trail: number } {
  const frame = Math.max(1, Math.round(0.01 * sampleRate));
  const frames = Math.floor(y.length / frame);
  const energy = new Float64Array(frames);
  let max = 0;
  for (let f = 0; f < frames; f++) {
    let e = 0;
    for (let i = f * frame; i < (f + 1) * frame; i++) e += y[i] * y[i];
    energy[f] = e;
    if (e > max) max = e;
  }
  if (max === 0) return { lead: y.length, trail: 0 };
  const floor = max * 1e-4; // -40 dB
  let first = 0;
  while (first < frames && energy[first] < floor) first++;
  let last = frames - 1;
  while (last > first && energy[last] < floor) last--;
  return { lead: first * frame, trail: y.length - (last + 1) * frame };
}
