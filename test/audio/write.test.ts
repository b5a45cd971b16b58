import { describe, expect, it } from 'vitest';
import wavefile from 'wavefile';
import { encodeWav16, toInt16 } from '../../src/audio/write.js';

describe('encodeWav16', () => {
  it('writes the same bytes as wavefile for 16-bit mono, clipping beyond full scale', () => {
    const samples = new Float32Array(1001);
    for (let i = 0; i < samples.length; i++) samples[i] = 1.3 * Math.sin(i * 0.37) - 0.1;
    const ours = encodeWav16({ samples, sampleRate: 16000 });
    const ref = new wavefile.WaveFile();
    ref.fromScratch(1, 16000, '16', Int16Array.from(samples, toInt16));
    expect(Buffer.compare(ours, Buffer.from(ref.toBuffer()))).toBe(0);
    expect(ours.length).toBe(44 + 2 * samples.length);
  });

  it('rounds to the nearest level and saturates at both ends', () => {
    expect([1, -1, 1.5, -1.5, 0.5 / 32768, -0.6 / 32768].map(toInt16)).toEqual([
      32767, -32768, 32767, -32768, 1, -1,
    ]);
  });
});
