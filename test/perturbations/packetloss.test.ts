import { describe, expect, it } from 'vitest';
import { run, speech, tile } from './_speech.js';

/** Lost frames, read back from the output: silence where the input had signal, or a repeat. */
function lostFrames(
  clean: Float32Array,
  out: Float32Array,
  size: number,
  concealment: 'silence' | 'repeat',
) {
  const lost: boolean[] = [];
  let lastGood = -1;
  for (let f = 0; f * size < clean.length; f++) {
    const s = f * size;
    const e = Math.min(clean.length, s + size);
    let same = true;
    for (let i = s; i < e; i++) if (out[i] !== clean[i]) same = false;
    if (same) {
      lost.push(false);
      lastGood = f;
      continue;
    }
    let ok = true;
    for (let i = s; i < e; i++) {
      const want = concealment === 'repeat' && lastGood >= 0 ? clean[lastGood * size + (i - s)] : 0;
      if (out[i] !== want) ok = false;
    }
    expect(ok).toBe(true); // a changed frame is exactly the named concealment
    lost.push(true);
  }
  return lost;
}

function bursts(lost: boolean[]): number[] {
  const lengths: number[] = [];
  let run = 0;
  for (const l of lost) {
    if (l) run++;
    else if (run) {
      lengths.push(run);
      run = 0;
    }
  }
  if (run) lengths.push(run);
  return lengths;
}

describe('packetloss', () => {
  it('random: loss rate within 3 binomial standard errors, mean burst 1/(1 − rate)', async () => {
    // Noise floor so no frame of the input is all zeros (a lost frame must be detectable).
    const clean = tile(await speech(0), 120);
    const x = { samples: clean.samples.map((v, i) => v + 1e-4 * Math.sin(i)), sampleRate: 16000 };
    const { out } = await run('packetloss', x, { rate: 10, frame: 0.02 });
    const lost = lostFrames(x.samples, out.samples, 320, 'silence');
    const rate = lost.filter(Boolean).length / lost.length;
    expect(Math.abs(rate - 0.1)).toBeLessThan(3 * Math.sqrt((0.1 * 0.9) / lost.length));
    const b = bursts(lost);
    expect(b.reduce((a, c) => a + c) / b.length).toBeCloseTo(1 / 0.9, 1);
  });

  it('bursty (Gilbert–Elliott): loss rate ±20 %, mean burst length ±15 %, repeat concealment', async () => {
    const clean = tile(await speech(1), 240);
    const x = { samples: clean.samples.map((v, i) => v + 1e-4 * Math.sin(i)), sampleRate: 16000 };
    const { out } = await run('packetloss', x, {
      rate: 8,
      frame: 0.02,
      model: 'bursty',
      burst: 4,
      concealment: 'repeat',
    });
    const lost = lostFrames(x.samples, out.samples, 320, 'repeat');
    const rate = lost.filter(Boolean).length / lost.length;
    expect(Math.abs(rate - 0.08) / 0.08).toBeLessThan(0.2);
    const b = bursts(lost);
    expect(Math.abs(b.reduce((a, c) => a + c) / b.length - 4) / 4).toBeLessThan(0.15);
  });
});
