import { fromDb, rms } from '../src/audio/levels.js';
import { coloredNoise } from '../src/dsp/colored-noise.js';
import { choice, num } from '../src/perturbation/params.js';
import { definePerturbation } from '../src/perturbation/types.js';
import type { Rng } from '../src/rng.js';

/**
 * Chunk masking: `proportion` of the clip's samples, in chunks of `chunk` seconds on a grid
 * from t = 0, is replaced by silence or noise — dropouts, a muted microphone, a jammed
 * radio. Ginjala et al. (2026) found most insertions under masking are repetition loops.
 *
 * Chunks are chosen at random without replacement until the masked share reaches
 * round(proportion × samples); the last chunk chosen is cut short so the share is exact to
 * the sample. Noise is coloured Gaussian noise scaled so its RMS over all masked samples is
 * `level` dBFS. Samples outside the chunks are untouched. Masked spans (`start+length`
 * samples, ascending) are recorded with the drawn parameters.
 */
export const mask = definePerturbation({
  name: 'mask',
  summary: 'Replace a share of the clip, in chunks, with silence or noise',
  details:
    'Grid of chunk-second chunks from t = 0; chunks drawn without replacement until round(proportion × samples) are masked (the last one cut short, so the share is exact). fill silence = zeros; noise = coloured noise with RMS level dBFS over the masked samples. Other samples untouched; spans recorded with the drawn parameters.',
  params: {
    chunk: num({
      unit: 's',
      min: 0.005,
      max: 5,
      default: 0.2,
      description: 'Chunk length',
    }),
    proportion: num({
      unit: 'percent',
      min: 0,
      max: 100,
      default: 20,
      description: 'Share of the clip’s samples masked',
    }),
    fill: choice({
      values: ['silence', 'noise'],
      default: 'silence',
      description: 'What replaces a masked chunk',
    }),
    level: num({
      unit: 'dBFS',
      min: -100,
      max: -6,
      default: -40,
      description: 'Noise RMS over the masked samples',
    }),
    color: choice({
      values: ['white', 'pink', 'brown'],
      default: 'white',
      description: 'Noise spectrum',
    }),
  },
  apply(audio, p, { rng, note, drawn }) {
    const { samples, sampleRate } = audio;
    const spans = maskedSpans(
      samples.length,
      Math.max(1, Math.round(p.chunk * sampleRate)),
      Math.round((p.proportion / 100) * samples.length),
      rng.fork('chunks'),
    );
    const masked = spans.reduce((t, [, len]) => t + len, 0);
    const out = samples.slice();
    const noise = p.fill === 'noise' ? scaledNoise(masked, p, rng.fork('noise')) : undefined;
    let k = 0;
    for (const [start, len] of spans) {
      if (noise) out.set(noise.subarray(k, k + len), start);
      else out.fill(0, start, start + len);
      k += len;
    }
    drawn?.('spans', spans.map(([s, len]) => `${s}+${len}`).join(','));
    note('masked', samples.length ? masked / samples.length : 0);
    return { samples: out, sampleRate };
  },
});

/** [start, length] of the masked spans, ascending, summing to `target` samples. */
function maskedSpans(n: number, size: number, target: number, rng: Rng): [number, number][] {
  const chunks = Math.ceil(n / size);
  const order = Array.from({ length: chunks }, (_, i) => i);
  for (let i = chunks - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const spans: [number, number][] = [];
  let left = target;
  for (const c of order) {
    if (left <= 0) break;
    const start = c * size;
    const len = Math.min(size, n - start, left);
    spans.push([start, len]);
    left -= len;
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

function scaledNoise(
  length: number,
  p: { color: 'white' | 'pink' | 'brown'; level: number },
  rng: Rng,
): Float32Array {
  const noise = coloredNoise(length, p.color, rng);
  const gain = fromDb(p.level) / (rms(noise) || 1);
  for (let i = 0; i < noise.length; i++) noise[i] *= gain;
  return noise;
}
