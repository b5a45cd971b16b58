import { OfflineAudioContext } from 'node-web-audio-api';
import { describe, expect, it } from 'vitest';
import { getPerturbation } from '../../perturbations/index.js';
import { type CompressorSettings, compress, compressorDelay } from '../../src/dsp/compressor.js';
import { createRng } from '../../src/rng.js';
import { speechClip } from '../helpers/speech.js';

/**
 * src/dsp/compressor.ts against the DynamicsCompressorNode it computes: node-web-audio-api's own
 * node in an OfflineAudioContext (the AGC's implementation before), on corpus speech and a tone
 * burst, at several settings and rates. The two differ where wasi-libc and the node's libm round
 * a log10 or a power differently in float32, so the comparison states a tolerance: at most 1e-6
 * of the output's peak on any sample, and the difference's energy at least 135 dB below the
 * signal's (measured: 1.2–3.0e-7 absolute, 144–155 dB below, 86–99 % of samples bit-identical).
 */
async function nodeRender(x: Float32Array, s: CompressorSettings, rate: number, tail: number) {
  const ctx = new OfflineAudioContext(1, x.length + tail, rate);
  const buffer = ctx.createBuffer(1, x.length, rate);
  buffer.copyToChannel(x as Float32Array<ArrayBuffer>, 0);
  const source = ctx.createBufferSource();
  source.buffer = buffer;
  const comp = ctx.createDynamicsCompressor();
  comp.threshold.value = s.threshold;
  comp.ratio.value = s.ratio;
  comp.knee.value = s.knee;
  comp.attack.value = s.attack;
  comp.release.value = s.release;
  source.connect(comp);
  comp.connect(ctx.destination);
  source.start();
  return (await ctx.startRendering()).getChannelData(0);
}

/** The node's latency, found as the old AGC found it: where an impulse after silence comes out. */
async function measuredDelay(s: CompressorSettings, rate: number): Promise<number> {
  const probe = new Float32Array(rate);
  probe[rate / 2] = 1e-4;
  const out = await nodeRender(probe, s, rate, 0);
  let best = 0;
  for (let i = 0; i < out.length; i++) if (Math.abs(out[i]) > Math.abs(out[best])) best = i;
  return best - rate / 2;
}

function compare(ours: Float32Array, ref: Float32Array) {
  let worst = 0;
  let error = 0;
  let energy = 0;
  let peak = 0;
  for (let i = 0; i < ours.length; i++) {
    const d = ours[i] - ref[i];
    worst = Math.max(worst, Math.abs(d));
    error += d * d;
    energy += ref[i] * ref[i];
    peak = Math.max(peak, Math.abs(ref[i]));
  }
  return { worst, peak, belowDb: 10 * Math.log10(energy / error) };
}

const SETTINGS: [string, CompressorSettings, number][] = [
  ['the AGC defaults', { threshold: -30, ratio: 4, knee: 6, attack: 0.003, release: 0.25 }, 16000],
  ['a hard knee', { threshold: -35, ratio: 8, knee: 0, attack: 0.01, release: 0.1 }, 16000],
  [
    'a wide knee, no attack',
    { threshold: -20, ratio: 12, knee: 30, attack: 0, release: 0.5 },
    44100,
  ],
  ['a slow one at 48 kHz', { threshold: -40, ratio: 20, knee: 10, attack: 0.2, release: 1 }, 48000],
];

describe('compress: the Web Audio compressor as node-web-audio-api renders it', () => {
  for (const [name, s, rate] of SETTINGS)
    it(`${name} (${rate} Hz): its delay, and every sample within 1e-6 of the peak`, async () => {
      const delay = compressorDelay(rate);
      expect(delay).toBe(await measuredDelay(s, rate));
      const speech = (await speechClip(2, rate)).samples;
      const rng = createRng('compressor', name);
      // Speech at three levels, then a loud tone burst and silence: the detector's attack and
      // release both run, the knee and the line above it are both reached.
      const parts = [0.05, 1, 3].map((g) => speech.map((v) => v * g));
      const burst = Float32Array.from(
        { length: rate },
        (_, i) => (i < rate / 2 ? 0.9 : 0) * Math.sin(i * 0.07) + 1e-3 * rng.gaussian(),
      );
      const x = new Float32Array(parts.reduce((n, p) => n + p.length, burst.length));
      let at = 0;
      for (const p of [...parts, burst]) {
        x.set(p, at);
        at += p.length;
      }
      const ref = (await nodeRender(x, s, rate, delay)).subarray(delay);
      const ours = compress(x, s, rate);
      const { worst, peak, belowDb } = compare(ours.samples, ref);
      expect(ours.samples.length).toBe(x.length);
      expect(worst).toBeLessThanOrEqual(1e-6 * peak);
      expect(belowDb).toBeGreaterThan(135);
      expect(ours.peak).toBe(ours.samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
    });

  it('level agc (make-up removed) equals the old AGC — the node, its delay and make-up measured', async () => {
    const s = { threshold: -30, ratio: 4, knee: 6, attack: 0.003, release: 0.25 };
    const clip = await speechClip(5);
    const level = getPerturbation('level');
    const apply = (makeup: boolean) =>
      level.apply(clip, { mode: 'agc', ...s, makeup } as never, {
        rng: createRng('agc'),
        clip: { id: 'c', speaker: 's' },
        resolvePath: (p) => p,
        note: () => {},
      });
    // The old AGC's definition: the node's output past its measured latency, divided by the
    // gain an impulse 40 dB under the knee passes with (the make-up) unless makeup is true.
    const delay = await measuredDelay(s, 16000);
    const probe = new Float32Array(32000);
    const amplitude = 10 ** ((s.threshold - s.knee / 2 - 40) / 20);
    probe[16000] = amplitude;
    const makeupGain = (await nodeRender(probe, s, 16000, delay))[16000 + delay] / amplitude;
    const rendered = (await nodeRender(clip.samples, s, 16000, delay)).subarray(delay);
    for (const makeup of [true, false]) {
      const ref = makeup ? rendered : rendered.map((v) => v / makeupGain);
      const { worst, peak, belowDb } = compare((await apply(makeup)).samples, ref);
      expect(worst).toBeLessThanOrEqual(1e-6 * peak);
      expect(belowDb).toBeGreaterThan(135);
    }
  });
});
