// How fast the one utterances.jsonl reader goes, and that streaming keeps memory flat: writes
// N rows through the writer, then counts them through the streaming reader (rows dropped as
// read) and prints rows/s and the peak resident memory above the starting point.
//   npx tsx bench/results-reader.ts [--rows 200000]
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readUtterances, UtterancesWriter } from '../src/results/utterances.js';

const i = process.argv.indexOf('--rows');
const ROWS = i > 0 ? Number(process.argv[i + 1]) : 200_000;
const dir = await mkdtemp(join(tmpdir(), 'lastmile-bench-reader-'));
const file = join(dir, 'utterances.jsonl');

const writer = new UtterancesWriter(file);
let started = performance.now();
for (let n = 0; n < ROWS; n++) {
  const id = `clip-${n % 5000}`;
  const condition = `cond-${Math.floor(n / 5000)}`;
  writer.append({
    unit: `${condition}|pocketsphinx|${id}`,
    id,
    speaker: `spk-${n % 97}`,
    labels: { accent: `group-${n % 4}` },
    condition,
    engine: 'pocketsphinx',
    reference: 'the patient in bed four needs a fresh dressing before the doctor arrives',
    hypothesis: 'the patient in bed for needs a fresh dressing before the doctor arrives',
    audioSha256: 'ab'.repeat(32),
    latencyMs: 412,
    cached: false,
    attempts: 1,
  });
}
writer.close();
const writeSeconds = (performance.now() - started) / 1000;
const bytes = (await stat(file)).size;

globalThis.gc?.();
const base = process.memoryUsage().rss;
let peak = base;
const sample = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 5);
started = performance.now();
let count = 0;
for await (const _ of readUtterances(file)) {
  count++;
  if (count % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
}
const readSeconds = (performance.now() - started) / 1000;
clearInterval(sample);

const mb = (x: number) => (x / 1024 / 1024).toFixed(1);
process.stdout.write(
  `${count} rows, ${mb(bytes)} MB file\n` +
    `write: ${(ROWS / writeSeconds).toFixed(0)} rows/s (one synchronous write per row)\n` +
    `read (validated, streaming): ${(count / readSeconds).toFixed(0)} rows/s, ${(bytes / 1024 / 1024 / readSeconds).toFixed(1)} MB/s\n` +
    `peak RSS above start while reading: ${mb(peak - base)} MB (file is ${mb(bytes)} MB)\n`,
);
await rm(dir, { recursive: true, force: true });
