/**
 * Where a codec round trip spends its time: CPU ms per stage (resample to the codec rate into
 * 16-bit PCM, encode, decode, resample back) over 10 minutes of tiled speech at 16 kHz, steady
 * state (one untimed pass first), best of the timed rounds; and the first 12 hex digits of the
 * sha256 of the round trip's float32 output, so that a build change which alters a single
 * sample shows.
 *
 * With `--alt FILE.wasm` (one codec), the committed build and the one in FILE run in the same
 * process, round by round in turns (so load drifts hit both alike), one row each.
 *
 * Run: npx tsx bench/codec-stages.ts [codec name filter] [--alt FILE.wasm] [--complexity N]
 *   [--rounds N]
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readAudio } from '../src/audio/read.js';
import { amrNbCodec, amrWbCodec } from '../src/codecs/amr.js';
import { type Codec, loadCodec } from '../src/codecs/index.js';
import { opusCodec } from '../src/codecs/opus.js';
import { speexCodec } from '../src/codecs/speex.js';
import { CODEC_NAMES, type CodecName, type EncodeSettings } from '../src/codecs/types.js';
import { resampleFromInt16, resampleToInt16 } from '../src/dsp/resample.js';
import { wasmPath } from '../src/wasm/load.js';
import { looped, VOICES } from './speech.js';

const SECONDS = 600;
const RATE = 16000;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    alt: { type: 'string' },
    complexity: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
  },
});

async function speech(): Promise<Float32Array> {
  const parts = await Promise.all(VOICES.map((f) => readAudio(f, RATE)));
  return looped(
    parts.map((p) => p.samples),
    SECONDS * RATE,
  );
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** Codecs whose factory takes another build's file (the ones a build pass has changed). */
const ALT: Partial<Record<CodecName, (file: string) => Codec>> = {
  'amr-nb': amrNbCodec,
  'amr-wb': amrWbCodec,
  opus: opusCodec,
  speex: speexCodec,
};

interface Side {
  label: string;
  codec: Codec;
  best: number[];
  hash: string;
}

/** One round trip, its stage times in CPU ms; the output's hash on the first round. */
async function trip(side: Side, samples: Float32Array, s: EncodeSettings, timed: boolean) {
  const c = side.codec;
  const rate = c.name === 'opus' ? RATE : c.rate;
  let u = process.cpuUsage();
  const input = resampleToInt16(samples, RATE, rate);
  const t0 = cpuMs(process.cpuUsage(u));
  u = process.cpuUsage();
  const stream = c.encode(input, s, rate);
  const t1 = cpuMs(process.cpuUsage(u));
  u = process.cpuUsage();
  const decoded = await c.decode(stream, s, rate);
  const t2 = cpuMs(process.cpuUsage(u));
  u = process.cpuUsage();
  const out = resampleFromInt16(decoded, rate, RATE);
  const t3 = cpuMs(process.cpuUsage(u));
  if (!side.hash) side.hash = createHash('sha256').update(out).digest('hex').slice(0, 12);
  if (timed)
    for (const [i, t] of [t0, t1, t2, t3].entries()) side.best[i] = Math.min(side.best[i], t);
}

const samples = await speech();
const only = positionals[0] ?? '';
const names = CODEC_NAMES.filter((n) => n.includes(only));
const altFactory = values.alt ? ALT[names[0]] : undefined;
if (values.alt && (names.length !== 1 || !altFactory))
  throw new Error(`--alt needs one codec out of ${Object.keys(ALT).join(', ')}`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`load average at start: ${load()}`);
console.log(
  '| codec | build | resample in | encode | decode | resample out | total | ×RT | output sha256 |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const name of names) {
  const c = await loadCodec(name);
  const s: EncodeSettings =
    name === 'opus'
      ? {
          bitrate: 16000,
          bandwidth: 'wideband',
          frame: 0.02,
          complexity: Number(values.complexity),
        }
      : { bitrate: c.defaultBitrate };
  const sides: Side[] = [{ label: c.backend.build, codec: c, best: [], hash: '' }];
  if (values.alt && altFactory) {
    // loadWasm takes a name inside src/wasm/: reach the other file from there.
    const file = relative(wasmPath(''), resolve(values.alt));
    const alt = altFactory(file);
    sides.push({
      label: `${values.alt} ${alt.backend.build.split(' ')[1]}`,
      codec: alt,
      best: [],
      hash: '',
    });
  }
  for (const side of sides) side.best = [Infinity, Infinity, Infinity, Infinity];
  for (let round = 0; round <= Number(values.rounds); round++)
    for (const side of round % 2 ? sides : [...sides].reverse())
      await trip(side, samples, s, round > 0);
  for (const { label, best, hash } of sides) {
    const total = best.reduce((a, b) => a + b, 0);
    console.log(
      `| ${name} | ${label} | ${best.map((t) => t.toFixed(0)).join(' | ')} | ${total.toFixed(0)} | ${((SECONDS * 1000) / total).toFixed(0)} | ${hash} |`,
    );
  }
}
console.log(`load average at end: ${load()}`);
