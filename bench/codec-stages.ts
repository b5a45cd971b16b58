/**
 * Where a codec round trip spends its time: CPU ms per stage (resample to the codec rate into
 * 16-bit PCM, encode, decode, resample back) over 10 minutes of tiled speech at 16 kHz, steady
 * state (one untimed pass first), best of three; and the first 12 hex digits of the sha256 of
 * the round trip's float32 output, so that a build change which alters a single sample shows.
 * Run: npx tsx bench/codec-stages.ts [codec name filter]
 */
import { createHash } from 'node:crypto';
import { readAudio } from '../src/audio/read.js';
import { loadCodec } from '../src/codecs/index.js';
import { CODEC_NAMES, type EncodeSettings } from '../src/codecs/types.js';
import { resampleFromInt16, resampleToInt16 } from '../src/dsp/resample.js';

const SECONDS = 600;
const RATE = 16000;

async function speech(): Promise<Float32Array> {
  const parts = await Promise.all(
    ['speech.wav', 'speech-kal.wav', 'speech-ked.wav'].map((f) =>
      readAudio(`test/fixtures/${f}`, RATE),
    ),
  );
  const out = new Float32Array(SECONDS * RATE);
  for (let at = 0, k = 0; at < out.length; k++) {
    const p = parts[k % 3].samples;
    out.set(p.subarray(0, Math.min(p.length, out.length - at)), at);
    at += p.length;
  }
  return out;
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

const SETTINGS: Record<string, EncodeSettings> = {
  opus: { bitrate: 16000, bandwidth: 'wideband', frame: 0.02, complexity: 5 },
};

const samples = await speech();
const only = process.argv[2] ?? '';
console.log(
  '| codec | resample in | encode | decode | resample out | total | ×RT | output sha256 |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const name of CODEC_NAMES.filter((n) => n.includes(only))) {
  const c = await loadCodec(name);
  const rate = name === 'opus' ? RATE : c.rate;
  const s: EncodeSettings = SETTINGS[name] ?? { bitrate: c.defaultBitrate };
  const best = [Infinity, Infinity, Infinity, Infinity];
  let hash = '';
  for (let round = 0; round < 4; round++) {
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
    if (round === 0) hash = createHash('sha256').update(out).digest('hex').slice(0, 12);
    const t3 = cpuMs(process.cpuUsage(u));
    if (round > 0) for (const [i, t] of [t0, t1, t2, t3].entries()) best[i] = Math.min(best[i], t);
  }
  const total = best.reduce((a, b) => a + b, 0);
  console.log(
    `| ${name} | ${best.map((t) => t.toFixed(0)).join(' | ')} | ${total.toFixed(0)} | ${((SECONDS * 1000) / total).toFixed(0)} | ${hash} |`,
  );
}
