import { describe, expect, it } from 'vitest';
import { getPerturbation } from '../../perturbations/index.js';
import { rms, toDb } from '../../src/audio/levels.js';
import type { Audio } from '../../src/audio/types.js';
import { createRng } from '../../src/rng.js';
import { speech, withDefaults } from '../perturbations/_speech.js';

/** Applies a kind, capturing what it records among the drawn parameters. */
async function apply(kind: string, audio: Audio, values: Record<string, unknown>, seed = 3) {
  const drawn: Record<string, unknown> = {};
  const out = await getPerturbation(kind).apply(audio, withDefaults(kind, values) as never, {
    rng: createRng('anatomy', kind, seed),
    clip: { id: 'c', speaker: 's' },
    resolvePath: (p) => p,
    note: () => {},
    drawn: (k, v) => {
      drawn[k] = v;
    },
  });
  return { out, drawn };
}

/**
 * Reads the inserted stretches back from the output alone: walking clean and perturbed
 * together, a perturbed sample that is not the next clean sample belongs to a stretch.
 * Room tone is continuous noise, so it never equals a 16-bit speech sample by chance.
 */
function insertedRuns(clean: Float32Array, out: Float32Array): { at: number; length: number }[] {
  const runs: { at: number; length: number }[] = [];
  let i = 0;
  for (let j = 0; j < out.length; j++) {
    if (i < clean.length && out[j] === clean[i]) {
      i++;
      continue;
    }
    const last = runs.at(-1);
    if (last && last.at + last.length === j) last.length++;
    else runs.push({ at: j, length: 1 });
  }
  expect(i).toBe(clean.length); // every clean sample came through, in order, bit for bit
  return runs;
}

describe('silence (inserted stretches, measured on corpus speech)', () => {
  it('room tone: each stretch is duration within one sample, at the stated RMS, clean speech bit-exact around it', async () => {
    const clean = await speech(0);
    const { out, drawn } = await apply('silence', clean, {
      count: 3,
      duration: 0.4,
      fill: 'room-tone',
      level: -55,
    });
    expect(out.sampleRate).toBe(clean.sampleRate);
    const runs = insertedRuns(clean.samples, out.samples);
    const want = 0.4 * clean.sampleRate;
    const lengths = runs.map((r) => r.length);
    // Stretches drawn at the same position merge into one run: compare totals and each run.
    expect(Math.abs(lengths.reduce((a, b) => a + b, 0) - 3 * want)).toBeLessThanOrEqual(1);
    for (const l of lengths) expect(Math.abs(l / want - Math.round(l / want))).toBeLessThan(1e-3);
    const tone = Float32Array.from(
      runs.flatMap((r) => [...out.samples.subarray(r.at, r.at + r.length)]),
    );
    expect(toDb(rms(tone))).toBeCloseTo(-55, 2);
    // The recorded spans say the same as the measurement.
    const recorded = String(drawn.spans)
      .split(',')
      .map((s) => s.split('+').map(Number));
    expect(recorded).toHaveLength(3);
    expect(recorded.reduce((t, [, len]) => t + len, 0)).toBe(lengths.reduce((a, b) => a + b, 0));
    expect(recorded[0][0]).toBe(runs[0].at);
  });

  it('digital silence at the start: zeros of the stated length, then the clean clip unchanged', async () => {
    const clean = await speech(1);
    const { out } = await apply('silence', clean, { count: 2, duration: 0.25, position: 'start' });
    const n = 2 * 0.25 * clean.sampleRate;
    expect(out.samples.length - clean.samples.length).toBe(n);
    expect(out.samples.subarray(0, n).every((x) => x === 0)).toBe(true);
    expect(Buffer.from(out.samples.slice(n).buffer).equals(Buffer.from(clean.samples.buffer))).toBe(
      true,
    );
  });
});

describe('mask (chunks replaced, measured on corpus speech)', () => {
  it('noise: masked share within 1 % of the stated proportion, at the stated RMS, on the chunk grid; the rest bit-exact', async () => {
    const clean = await speech(2);
    const { out } = await apply('mask', clean, {
      proportion: 30,
      chunk: 0.1,
      fill: 'noise',
      level: -35,
    });
    expect(out.samples.length).toBe(clean.samples.length);
    const changed: number[] = [];
    for (let i = 0; i < out.samples.length; i++)
      if (out.samples[i] !== clean.samples[i]) changed.push(i);
    expect(Math.abs(changed.length / clean.samples.length - 0.3)).toBeLessThan(0.01);
    const noise = Float32Array.from(changed, (i) => out.samples[i]);
    expect(toDb(rms(noise))).toBeCloseTo(-35, 2);
    // Every masked run starts on the 0.1 s grid.
    const size = 0.1 * clean.sampleRate;
    for (let k = 0; k < changed.length; k++)
      if (k === 0 || changed[k - 1] !== changed[k] - 1) expect(changed[k] % size).toBe(0);
  });

  it('silence: every sample is the clean one or zero, and the zeroed share is the stated proportion within 1 %', async () => {
    const clean = await speech(3);
    const { out } = await apply('mask', clean, { proportion: 45, chunk: 0.05 });
    let zeroed = 0;
    let other = 0;
    for (let i = 0; i < out.samples.length; i++) {
      const x = out.samples[i];
      if (x !== clean.samples[i] && x !== 0) other++;
      if (x === 0 && clean.samples[i] !== 0) zeroed++;
    }
    expect(other).toBe(0);
    let cleanZeros = 0;
    for (const x of clean.samples) if (x === 0) cleanZeros++;
    const share = zeroed / clean.samples.length;
    // Clean samples that were already zero cannot be seen masked: allow their share.
    expect(share).toBeLessThanOrEqual(0.45 + 0.01);
    expect(share).toBeGreaterThan(0.45 - 0.01 - cleanZeros / clean.samples.length);
  });
});
