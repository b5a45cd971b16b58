import { describe, expect, it } from 'vitest';
import { run, speech } from './_speech.js';

/** Median F0 (Hz) over voiced 40 ms frames, by normalised autocorrelation (60–400 Hz). */
function medianF0(x: Float32Array, rate: number): number {
  const frame = Math.round(0.04 * rate);
  const f0s: number[] = [];
  for (let s = 0; s + frame + rate / 60 < x.length; s += frame) {
    let e = 0;
    for (let i = 0; i < frame; i++) e += x[s + i] ** 2;
    if (e / frame < 1e-4) continue;
    let best = 0;
    let bestLag = 0;
    for (let lag = Math.floor(rate / 400); lag <= Math.ceil(rate / 60); lag++) {
      let c = 0;
      let e2 = 0;
      for (let i = 0; i < frame; i++) {
        c += x[s + i] * x[s + i + lag];
        e2 += x[s + i + lag] ** 2;
      }
      const r = c / Math.sqrt(e * e2 || 1);
      if (r > best) {
        best = r;
        bestLag = lag;
      }
    }
    if (best > 0.8) f0s.push(rate / bestLag);
  }
  f0s.sort((a, b) => a - b);
  return f0s[f0s.length >> 1];
}

/** Seconds between the first and last 10 ms frame within 30 dB of the loudest. */
function speechSpan(x: Float32Array, rate: number): number {
  const f = Math.round(0.01 * rate);
  const e: number[] = [];
  for (let s = 0; s + f <= x.length; s += f)
    e.push(x.subarray(s, s + f).reduce((a, v) => a + v * v, 0));
  const floor = Math.max(...e) * 1e-3;
  const first = e.findIndex((v) => v > floor);
  const last = e.length - 1 - [...e].reverse().findIndex((v) => v > floor);
  return ((last - first + 1) * f) / rate;
}

describe('speed', () => {
  it('speed 1.1×: speech span ÷1.1 and pitch ×1.1 (±3 %); 0.9×: span ÷0.9, pitch ×0.9, nothing cut', async () => {
    const clean = await speech(0);
    const f0 = medianF0(clean.samples, 16000);
    const span = speechSpan(clean.samples, 16000);
    for (const factor of [1.1, 0.9]) {
      const { out, notes } = await run('speed', clean, { factor, mode: 'speed' });
      expect(out.samples.length).toBe(clean.samples.length);
      expect(Math.abs(medianF0(out.samples, 16000) / f0 / factor - 1)).toBeLessThan(0.03);
      expect(Math.abs((speechSpan(out.samples, 16000) * factor) / span - 1)).toBeLessThan(0.03);
      expect(notes.speechCut).toBeUndefined(); // 0.3 s + 0.4 s of padding absorb the 0.9× stretch
    }
  });

  it('tempo 1.2× (WSOLA): span ÷1.2 (±3 %), pitch kept (±3 %)', async () => {
    const clean = await speech(0);
    const f0 = medianF0(clean.samples, 16000);
    const span = speechSpan(clean.samples, 16000);
    const { out } = await run('speed', clean, { factor: 1.2, mode: 'tempo' });
    expect(Math.abs(medianF0(out.samples, 16000) / f0 - 1)).toBeLessThan(0.03);
    expect(Math.abs((speechSpan(out.samples, 16000) * 1.2) / span - 1)).toBeLessThan(0.03);
  });

  it('a stretch longer than the silence available notes the speech cut', async () => {
    const clean = await speech(0);
    const { notes } = await run('speed', clean, { factor: 0.7 });
    expect(Number(notes.speechCut)).toBeGreaterThan(0);
  });
});
