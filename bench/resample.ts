/**
 * The resampler and the steps of the G.711 round trip, in steady state: each case first runs
 * on 5 s of audio (WebAssembly compilation, JIT warm-up, phase tables) and once on the full
 * length (memories grown to size), then the best of three timed runs over 10 minutes of 16 kHz
 * speech is reported, by CPU time (user + system, primary on a shared machine) and wall clock.
 * The one-output kernel (`lm_resample_one`, the loop before the eight-output kernel) runs
 * beside the kernel in use.
 * Run: npx tsx bench/resample.ts
 */
import { getPerturbation } from '../perturbations/index.js';
import { readAudio } from '../src/audio/read.js';
import { loadCodec } from '../src/codecs/index.js';
import { fromInt16, toInt16 } from '../src/codecs/pcm.js';
import {
  type ResampleKernel,
  resample,
  resampleFromInt16,
  resampleToInt16,
} from '../src/dsp/resample.js';
import { createRng } from '../src/rng.js';

const SECONDS = 600;

async function speech(rate: number): Promise<Float32Array> {
  const part = (await readAudio('test/fixtures/speech.wav', rate)).samples;
  const out = new Float32Array(SECONDS * rate);
  for (let at = 0; at < out.length; at += part.length)
    out.set(part.subarray(0, Math.min(part.length, out.length - at)), at);
  return out;
}

async function steady(
  name: string,
  run: (x: Float32Array) => unknown,
  x: Float32Array,
  rate: number,
): Promise<string> {
  await run(x.subarray(0, 5 * rate));
  await run(x);
  let cpu = Infinity;
  let wall = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const u0 = process.cpuUsage();
    await run(x);
    const u = process.cpuUsage(u0);
    cpu = Math.min(cpu, (u.user + u.system) / 1e6);
    wall = Math.min(wall, (performance.now() - t0) / 1000);
  }
  return `| ${name} | ${(SECONDS / cpu).toFixed(0)} | ${(SECONDS / wall).toFixed(0)} |`;
}

const rows: string[] = [];
const x16 = await speech(16000);
const cases: [string, number, number, Float32Array][] = [
  ['16000 → 8000 (codecs at 8 kHz)', 16000, 8000, x16],
  ['8000 → 16000 (and back)', 8000, 16000, await speech(8000)],
  ['speed 1.1 (1100 → 1000 on 16 kHz audio)', 1100, 1000, x16],
  ['44100 → 16000 (reading a CD-rate file)', 44100, 16000, await speech(44100)],
];
for (const [name, from, to, x] of cases) {
  for (const kernel of ['lm_resample', 'lm_resample_one'] as ResampleKernel[])
    rows.push(await steady(`${name}, ${kernel}`, (y) => resample(y, from, to, kernel), x, from));
}

// The G.711 round trip step by step, then as the `codec` kind does it.
const g711 = await loadCodec('g711-ulaw');
const x8 = await speech(8000);
const pcm8 = toInt16(x8);
const coded = g711.encode(pcm8, {});
rows.push(
  await steady(
    '16 → 8 kHz into 16-bit PCM (resampleToInt16)',
    (y) => resampleToInt16(y, 16000, 8000),
    x16,
    16000,
  ),
);
rows.push(await steady('toInt16 (TypeScript), 8 kHz', (y) => toInt16(y), x8, 8000));
rows.push(await steady('G.711 µ-law encode (table), 8 kHz', () => g711.encode(pcm8, {}), x8, 8000));
rows.push(await steady('G.711 µ-law decode, 8 kHz', () => g711.decode(coded, {}), x8, 8000));
rows.push(await steady('fromInt16 (TypeScript), 8 kHz', () => fromInt16(pcm8), x8, 8000));
rows.push(
  await steady(
    '16-bit PCM 8 → 16 kHz (resampleFromInt16)',
    () => resampleFromInt16(pcm8, 8000, 16000),
    x8,
    8000,
  ),
);
const codec = getPerturbation('codec');
const context = {
  rng: createRng('bench'),
  clip: { id: 'bench', speaker: 'bench' },
  corpus: { clips: [], load: async () => ({ samples: new Float32Array(0), sampleRate: 16000 }) },
  resolvePath: (p: string) => p,
  note: () => {},
};
const values = { name: 'g711-ulaw', bandwidth: 'wideband', frame: 0.02, complexity: 5 } as const;
rows.push(
  await steady(
    'codec kind g711-ulaw (the whole round trip)',
    (y) => codec.apply({ samples: y, sampleRate: 16000 }, values as never, context),
    x16,
    16000,
  ),
);
console.log('| 10 min of audio, steady state | × RT (CPU) | × RT (wall) |\n|---|---|---|');
console.log(rows.join('\n'));
