import { fromDb, rms } from '../src/audio/levels.js';
import { coloredNoise } from '../src/dsp/colored-noise.js';
import { choice, num } from '../src/perturbation/params.js';
import { definePerturbation } from '../src/perturbation/types.js';
import type { Rng } from '../src/rng.js';

/**
 * Silence injection: `count` stretches of `duration` seconds of digital silence or low-level
 * room tone are inserted into the clip — a dictation paused mid-sentence, a call on hold, a
 * VAD-less upload with dead air. Ginjala et al. (2026) found this widens an accent gap up to
 * 4.64× in decoder-based recognisers, which fill silence with text.
 *
 * The one kind that lengthens the clip (by count × duration): the clean samples are copied
 * bit for bit between the stretches, and where each stretch went is recorded among the drawn
 * parameters (`spans`: `start+length` in samples of the perturbed clip, at its sample rate), so
 * a clean position maps to a perturbed one. Room tone is coloured Gaussian noise scaled so its
 * RMS over all inserted samples is `level` dBFS.
 */
export const silence = definePerturbation({
  name: 'silence',
  summary: 'Insert stretches of silence or room tone (the clip gets longer; spans recorded)',
  details:
    'count stretches of duration seconds each, at positions drawn uniformly over the clean clip (anywhere), or all at the start or end. fill silence = zeros; room-tone = coloured noise with RMS level dBFS over the inserted samples. Clean samples are copied unchanged; spans (start+length in perturbed samples) are recorded with the drawn parameters.',
  changesLength: true,
  params: {
    count: num({
      unit: 'count',
      min: 1,
      max: 20,
      integer: true,
      default: 1,
      description: 'Stretches inserted per clip',
    }),
    duration: num({
      unit: 's',
      min: 0.01,
      max: 30,
      default: 1,
      description: 'Length of each stretch',
    }),
    position: choice({
      values: ['anywhere', 'start', 'end'],
      default: 'anywhere',
      description: 'Where stretches go: drawn uniformly over the clip, or before or after it',
    }),
    fill: choice({
      values: ['silence', 'room-tone'],
      default: 'silence',
      description: 'Digital silence, or low-level noise',
    }),
    level: num({
      unit: 'dBFS',
      min: -100,
      max: -20,
      default: -60,
      description: 'Room tone RMS over the inserted samples',
    }),
    color: choice({
      values: ['white', 'pink', 'brown'],
      default: 'pink',
      description: 'Room tone spectrum',
    }),
  },
  apply(audio, p, { rng, note, drawn }) {
    const { samples, sampleRate } = audio;
    const length = Math.round(p.duration * sampleRate);
    const at = insertPositions(samples.length, p.count, p.position, rng.fork('positions'));
    const out = new Float32Array(samples.length + at.length * length);
    const filler =
      p.fill === 'room-tone'
        ? roomTone(at.length * length, p.color, p.level, rng.fork('tone'))
        : undefined;
    const spans: string[] = [];
    let from = 0;
    let to = 0;
    at.forEach((position, k) => {
      out.set(samples.subarray(from, position), to);
      to += position - from;
      from = position;
      if (filler) out.set(filler.subarray(k * length, (k + 1) * length), to);
      spans.push(`${to}+${length}`);
      to += length;
    });
    out.set(samples.subarray(from), to);
    drawn?.('spans', spans.join(','));
    note('inserted', Math.round((at.length * length * 1e6) / sampleRate) / 1e6);
    return { samples: out, sampleRate };
  },
});

/** Sample positions of the clean clip before which a stretch goes, ascending. */
function insertPositions(
  n: number,
  count: number,
  position: 'anywhere' | 'start' | 'end',
  rng: Rng,
): number[] {
  if (position === 'start') return new Array<number>(count).fill(0);
  if (position === 'end') return new Array<number>(count).fill(n);
  return Array.from({ length: count }, () => rng.int(n + 1)).sort((a, b) => a - b);
}

function roomTone(
  length: number,
  color: 'white' | 'pink' | 'brown',
  level: number,
  rng: Rng,
): Float32Array {
  const tone = coloredNoise(length, color, rng);
  const gain = fromDb(level) / (rms(tone) || 1);
  for (let i = 0; i < tone.length; i++) tone[i] *= gain;
  return tone;
}
