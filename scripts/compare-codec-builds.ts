/**
 * Two builds of a codec's .wasm on the same audio, byte for byte: every bundled corpus clip
 * (fixtures/corpus/clips), five 20-second signals far from speech (silence, full-scale noise,
 * a square wave, impulses) and 10 minutes of tiled speech, at every AMR mode (other codecs:
 * their working settings), plus the 10 minutes with a random mode per 20 frames. Compares the
 * bitstreams and each build's decoding of its own bitstream; prints the counts and exits 1 on
 * any difference. For a build pass that must not change a bit (bench/README.md, codec section).
 *
 * Run: npx tsx scripts/compare-codec-builds.ts CODEC [--old FILE.wasm] [--new FILE.wasm]
 *   CODEC: amr-nb, amr-wb, speex or opus; --old defaults to main's committed build (git show),
 *   --new to the one in src/wasm/.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readAudio } from '../src/audio/read.js';
import { amrNbCodec, amrWbCodec } from '../src/codecs/amr.js';
import { opusCodec } from '../src/codecs/opus.js';
import { speexCodec } from '../src/codecs/speex.js';
import type { Codec, EncodeSettings } from '../src/codecs/types.js';
import { resampleToInt16 } from '../src/dsp/resample.js';
import { createRng } from '../src/rng.js';
import { wasmPath } from '../src/wasm/load.js';

const RATE = 16000;
const FACTORY: Record<string, [(file?: string) => Codec, string]> = {
  'amr-nb': [amrNbCodec, 'amrnb.wasm'],
  'amr-wb': [amrWbCodec, 'amrwb.wasm'],
  speex: [speexCodec, 'speex.wasm'],
  opus: [opusCodec, 'opus.wasm'],
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { old: { type: 'string' }, new: { type: 'string' } },
});
const name = positionals[0] ?? '';
const entry = FACTORY[name];
if (!entry) throw new Error(`give a codec: ${Object.keys(FACTORY).join(', ')}`);
const [factory, file] = entry;

const tmp = mkdtempSync(join(tmpdir(), 'lastmile-codec-builds-'));
let oldFile = values.old;
if (!oldFile) {
  oldFile = join(tmp, `main-${file}`);
  writeFileSync(oldFile, execFileSync('git', ['show', `main:src/wasm/${file}`]));
}
// loadWasm takes a name inside src/wasm/ (and caches by it): reach other files from there.
const inWasm = (f: string) => relative(wasmPath(''), resolve(f));
const oldCodec = factory(inWasm(oldFile));
const newCodec = values.new ? factory(inWasm(values.new)) : factory();
const rate = name === 'opus' ? RATE : oldCodec.rate;

const settings: { label: string; s: EncodeSettings }[] = oldCodec.modes
  ? oldCodec.modes.map((b) => ({ label: `${b / 1000}k`, s: { bitrate: b } }))
  : name === 'opus'
    ? [5, 10].map((c) => ({
        label: `complexity ${c}`,
        s: { bitrate: 16000, bandwidth: 'wideband', frame: 0.02, complexity: c },
      }))
    : [{ label: 'default', s: {} }];

async function tenMinutes(): Promise<Float32Array> {
  const parts = await Promise.all(
    ['speech.wav', 'speech-kal.wav', 'speech-ked.wav'].map((f) =>
      readAudio(`test/fixtures/${f}`, RATE),
    ),
  );
  const out = new Float32Array(600 * RATE);
  for (let at = 0, k = 0; at < out.length; k++) {
    const p = parts[k % 3].samples;
    out.set(p.subarray(0, Math.min(p.length, out.length - at)), at);
    at += p.length;
  }
  return out;
}

const same = (a: ArrayBufferView, b: ArrayBufferView) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );

let runs = 0;
let bytes = 0;
let samples = 0;
const differ: string[] = [];
async function check(label: string, pcm: Int16Array, s: EncodeSettings) {
  const a = oldCodec.encode(pcm, s, rate);
  const b = newCodec.encode(pcm, s, rate);
  runs++;
  bytes += a.bytes.length;
  if (!same(a.bytes, b.bytes) || (a.packets && b.packets && !same(a.packets, b.packets))) {
    differ.push(`${label}: bitstream`);
    return;
  }
  const da = await oldCodec.decode(a, s, rate);
  const db = await newCodec.decode(b, s, rate);
  samples += da.length;
  if (!same(da, db)) differ.push(`${label}: decoded samples`);
}

const dir = 'fixtures/corpus/clips';
const clips = readdirSync(dir)
  .filter((f) => f.endsWith('.flac'))
  .sort();
const t0 = Date.now();
for (const clip of clips) {
  const pcm = resampleToInt16((await readAudio(join(dir, clip), RATE)).samples, RATE, rate);
  for (const { label, s } of settings) await check(`${clip} ${label}`, pcm, s);
}
// Signals far from speech, where sums and scalings reach their extremes: 20 s each of silence,
// full-scale two-level noise, uniform noise, a full-scale square wave and sparse impulses.
const rng = createRng('compare-codec-builds', name);
const n20 = 20 * rate;
const extremes: [string, (i: number) => number][] = [
  ['silence', () => 0],
  ['full-scale two-level noise', () => (rng.next() < 0.5 ? -32768 : 32767)],
  ['uniform noise', () => rng.int(65536) - 32768],
  ['full-scale square wave', (i) => ((Math.floor(i / (rate / 400)) & 1) === 1 ? 32767 : -32768)],
  ['impulses', (i) => (i % 57 === 0 ? 32767 : 0)],
];
for (const [label, f] of extremes) {
  const pcm = Int16Array.from({ length: n20 }, (_, i) => f(i));
  for (const { label: sl, s } of settings) await check(`${label} ${sl}`, pcm, s);
}
const long = resampleToInt16(await tenMinutes(), RATE, rate);
for (const { label, s } of settings) await check(`10 min ${label}`, long, s);
if (oldCodec.modes) {
  const frames = Math.ceil(long.length / (rate / 50));
  const perFrame = new Float64Array(frames);
  for (let f = 0; f < frames; f += 20)
    perFrame.fill(oldCodec.modes[rng.int(oldCodec.modes.length)], f, f + 20);
  await check('10 min, a random mode every 20 frames', long, { frameBitrates: perFrame });
}
rmSync(tmp, { recursive: true, force: true });

console.log(`${name}: ${oldFile} against ${values.new ?? `src/wasm/${file}`}`);
console.log(
  `${clips.length} corpus clips, ${extremes.length} synthetic signals and 10 minutes × ${settings.length} settings${oldCodec.modes ? ' (+ the mode-switching run)' : ''}: ${runs} encodes per build, ${bytes} bitstream bytes, ${samples} decoded samples compared (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
);
if (differ.length) {
  console.log(`DIFFERENT (${differ.length}):\n  ${differ.slice(0, 20).join('\n  ')}`);
  process.exitCode = 1;
} else console.log('identical: every bitstream byte and every decoded sample');
