import { fromDb } from '../src/audio/levels.js';
import { num } from '../src/perturbation/params.js';
import { exactlyOne } from '../src/perturbation/shared-params.js';
import { definePerturbation } from '../src/perturbation/types.js';

/**
 * Hard clipping — an overdriven preamp or ADC, a gain stage set too hot: every sample is
 * limited to ±threshold. The threshold is either `level` dBFS (peak, 0 dBFS = full scale 1.0)
 * or the `percentile`-th percentile of |x| over the clip, so (100 − percentile) % of samples are
 * clipped whatever the clip's level. The result is not made louder again.
 */
export const clipping = definePerturbation({
  name: 'clipping',
  summary: 'Hard clip at a level (dBFS peak) or at a percentile of |x|',
  details:
    'threshold = 10^(level/20) (full scale = 0 dBFS peak), or the percentile-th percentile of |x| over the clip (then 100 − percentile % of samples are clipped). Give level or percentile.',
  params: {
    level: num({
      unit: 'dBFS',
      min: -60,
      max: 0,
      optional: true,
      description: 'Clip threshold as a peak level',
    }),
    percentile: num({
      unit: 'percent',
      min: 50,
      max: 100,
      optional: true,
      description: 'Clip at this percentile of |x| (99 clips 1 % of samples)',
    }),
  },
  check: ({ level, percentile }) =>
    exactlyOne({ level, percentile }, { level: 'dBFS', percentile: '%' }),
  apply(audio, { level, percentile }, { note }) {
    const { samples, sampleRate } = audio;
    const t = level !== undefined ? fromDb(level) : absPercentile(samples, percentile ?? 100);
    const out = new Float32Array(samples.length);
    let clipped = 0;
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i];
      if (x > t) {
        out[i] = t;
        clipped++;
      } else if (x < -t) {
        out[i] = -t;
        clipped++;
      } else out[i] = x;
    }
    note('fraction', Math.round((clipped / Math.max(1, samples.length)) * 1e5) / 1e5);
    return { samples: out, sampleRate };
  },
});

/**
 * The p-th percentile of |x| (nearest rank), exactly as sorting |x| would give it, without the
 * sort: the bit patterns of non-negative float32 values order as the values do, so a histogram
 * of their top 16 bits finds the bucket holding the rank, and only that bucket is sorted.
 */
export function absPercentile(x: Float32Array, p: number): number {
  if (x.length === 0) return 0;
  const a = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) a[i] = Math.abs(x[i]);
  const bits = new Uint32Array(a.buffer);
  const rank = Math.min(x.length - 1, Math.max(0, Math.ceil((p / 100) * x.length) - 1));
  const counts = new Float64Array(65536);
  for (let i = 0; i < bits.length; i++) counts[bits[i] >>> 16]++;
  let bucket = 0;
  let below = 0;
  while (below + counts[bucket] <= rank) below += counts[bucket++];
  const inBucket = new Float32Array(counts[bucket]);
  let k = 0;
  for (let i = 0; i < bits.length; i++) if (bits[i] >>> 16 === bucket) inBucket[k++] = a[i];
  inBucket.sort();
  return inBucket[rank - below];
}
