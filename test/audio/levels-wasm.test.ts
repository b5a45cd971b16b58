import { describe, expect, it } from 'vitest';
import { activeSpeechLevel } from '../../src/audio/levels.js';
import { coloredNoise } from '../../src/dsp/colored-noise.js';
import { createRng } from '../../src/rng.js';
import { speechClip } from '../helpers/speech.js';
import { activeSpeechLevelBefore } from './levels-before.js';

/** Speech with silence and a quiet noise floor between utterances, `seconds` long. */
async function padded(seconds: number): Promise<Float32Array> {
  const n = seconds * 16000;
  const out = coloredNoise(n, 'pink', createRng('floor'));
  for (let i = 0; i < n; i++) out[i] *= 1e-4;
  for (let at = 8000, k = 0; at < n; k++) {
    const clip = (await speechClip(k % 24)).samples;
    const m = Math.min(clip.length, n - at);
    for (let i = 0; i < m; i++) out[at + i] += clip[i];
    at += m + 16000 * (k % 3);
  }
  return out;
}

describe('activeSpeechLevel (WebAssembly kernel) equals the TypeScript counter it replaced', () => {
  it('on corpus clips, padded speech over several chunks, noise, a tone, silence and tiny clips', async () => {
    const cases: [string, Float32Array, number][] = [];
    for (const k of [0, 7, 19]) cases.push([`clip ${k}`, (await speechClip(k)).samples, 16000]);
    cases.push(['8 kHz clip', (await speechClip(2, 8000)).samples, 8000]);
    cases.push(['4 minutes of padded speech', await padded(240), 16000]);
    cases.push(['white noise', coloredNoise(50_000, 'white', createRng(1)), 16000]);
    cases.push([
      'tone',
      Float32Array.from({ length: 30_000 }, (_, i) => 0.3 * Math.sin(i / 5)),
      16000,
    ]);
    cases.push(['silence', new Float32Array(20_000), 16000]);
    cases.push(['one sample', Float32Array.of(0.5), 16000]);
    cases.push(['empty', new Float32Array(0), 16000]);
    for (const [name, x, rate] of cases) {
      const now = activeSpeechLevel(x, rate);
      const before = activeSpeechLevelBefore(x, rate);
      expect({ name, ...now }).toEqual({ name, ...before });
      expect(Object.is(now.level, before.level) && Object.is(now.activity, before.activity)).toBe(
        true,
      );
    }
  });
});
