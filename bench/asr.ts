// Throughput of pocketsphinx through lastmile vs raw pocketsphinx_batch over the same audio on
// the same machine, and a warm-cache rerun of the default suite.
//   npx tsx bench/asr.ts [--clips 32] [--suite-limit 24] [--full-suite]
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { readAudio } from '../src/audio/read.js';
import { encodeWav16 } from '../src/audio/write.js';
import { loadCorpus } from '../src/corpus/load.js';
import { executeRun } from '../src/run/run.js';
import { loadSuite } from '../src/run/suite.js';

const run = promisify(execFile);
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CLIPS = arg('clips', 32);
const SUITE_LIMIT = process.argv.includes('--full-suite') ? undefined : arg('suite-limit', 24);
const MODEL = '/usr/share/pocketsphinx/model/en-us';
const BUNDLED = 'fixtures/corpus/manifest.jsonl';

const work = await mkdtemp(join(tmpdir(), 'lastmile-bench-'));
const manifest = existsSync(BUNDLED) ? BUNDLED : await fallbackManifest();
const corpus = await loadCorpus(manifest, { groupBy: 'accent' });
const clips = corpus.clips.slice(0, CLIPS);
const cores = availableParallelism();

// The same audio both ways: each clip at 16 kHz, 16-bit, 44-byte header; lastmile sends it
// twice (clean and a 0 dB gain condition, cache off), so raw decodes every file twice too.
const wavDir = join(work, 'wav');
await mkdir(wavDir);
let audioSeconds = 0;
for (const [i, clip] of clips.entries()) {
  const audio = await readAudio(clip.audioPath);
  audioSeconds += audio.samples.length / audio.sampleRate;
  await writeFile(join(wavDir, `c${i}.wav`), encodeWav16(audio));
}
const decodes = clips.flatMap((_, i) => [`c${i}`, `c${i}`]);

async function raw(): Promise<number> {
  const lists = Array.from({ length: cores }, () => [] as string[]);
  for (const [i, id] of decodes.entries()) lists[i % cores].push(id);
  const started = performance.now();
  await Promise.all(
    lists.map(async (list, k) => {
      const ctl = join(work, `ctl-${k}`);
      await writeFile(ctl, `${list.join('\n')}\n`);
      await run(
        'pocketsphinx_batch',
        [
          '-adcin',
          'yes',
          '-adchdr',
          '44',
          '-cepdir',
          wavDir,
          '-cepext',
          '.wav',
          '-ctl',
          ctl,
          '-hyp',
          join(work, `hyp-${k}`),
          '-hmm',
          `${MODEL}/en-us`,
          '-lm',
          `${MODEL}/en-us.lm.bin`,
          '-dict',
          `${MODEL}/cmudict-en-us.dict`,
        ],
        { maxBuffer: 1 << 28 },
      );
    }),
  );
  return (performance.now() - started) / 1000;
}

const scenario = join(work, 'same.yaml');
await writeFile(
  scenario,
  'name: same\nconditions:\n  - name: unity\n    chain:\n      - gain: { db: 0 }\n',
);
let session = 0;
async function throughLastmile(): Promise<number> {
  const started = performance.now();
  const result = await executeRun({
    scenarios: [scenario],
    corpus: manifest,
    engines: [{ id: 'pocketsphinx' }],
    out: join(work, `lastmile-${++session}`),
    limit: CLIPS,
    cache: false,
    groupBy: 'accent',
  });
  if (result.errors) throw new Error(`${result.errors} error units`);
  return (performance.now() - started) / 1000;
}

process.stdout.write(
  `${decodes.length} decodes of ${clips.length} clips (${audioSeconds.toFixed(0)} s of audio ×2), ${cores} cores\n`,
);
// Interleaved, so both sides see the same background load; best of two each.
const raw1 = await raw();
const lm1 = await throughLastmile();
const raw2 = await raw();
const lm2 = await throughLastmile();
const rawBest = Math.min(raw1, raw2);
const lmBest = Math.min(lm1, lm2);
const rate = (s: number) => ((2 * audioSeconds) / s).toFixed(2);
process.stdout.write(
  `raw pocketsphinx_batch (${cores} processes): ${raw1.toFixed(1)} s, ${raw2.toFixed(1)} s → best ${rawBest.toFixed(1)} s (${rate(rawBest)}× real time)\n` +
    `lastmile run (read, encode, hash, dispatch, write rows): ${lm1.toFixed(1)} s, ${lm2.toFixed(1)} s → best ${lmBest.toFixed(1)} s (${rate(lmBest)}× real time)\n` +
    `throughput ratio lastmile / raw: ${(rawBest / lmBest).toFixed(3)} (target ≥ 0.9)\n`,
);

// Warm-cache rerun of the default suite: the first run fills a fresh cache, the second is
// answered from it (every clip is still decoded and perturbed to find its audio hash).
const suite = await loadSuite('suites/nightly.yaml');
if (existsSync(suite.corpus)) {
  const cacheDir = join(work, 'cache');
  const suiteRun = async (out: string) => {
    const started = performance.now();
    const result = await executeRun({
      scenarios: suite.scenarios,
      corpus: suite.corpus,
      engines: suite.engines.map((e) => (typeof e === 'string' ? { id: e } : e)),
      out: join(work, out),
      groupBy: suite.groupBy,
      ...(SUITE_LIMIT !== undefined && { limit: SUITE_LIMIT }),
      cacheDir,
    });
    return { seconds: (performance.now() - started) / 1000, result };
  };
  const cold = await suiteRun('suite-cold');
  const warm = await suiteRun('suite-warm');
  const hits = Object.values(warm.result.stats).reduce((n, s) => n + s.cacheHits, 0);
  process.stdout.write(
    `default suite (${SUITE_LIMIT === undefined ? 'all clips' : `--limit ${SUITE_LIMIT}`}, ${cold.result.total} units): cold ${cold.seconds.toFixed(1)} s, warm-cache rerun ${warm.seconds.toFixed(1)} s (${hits} cache hits)\n`,
  );
} else {
  process.stdout.write(`default suite skipped: ${suite.corpus} is not there yet\n`);
}
await rm(work, { recursive: true, force: true });

async function fallbackManifest(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lastmile-bench-corpus-'));
  const rows = [];
  for (let i = 0; i < CLIPS; i++) {
    const voice = ['speech.wav', 'speech-kal.wav', 'speech-ked.wav'][i % 3];
    rows.push(
      JSON.stringify({
        id: `f${i}`,
        audio: resolve('test/fixtures', voice),
        text: 'unused',
        speaker: voice,
        accent: voice,
      }),
    );
  }
  await writeFile(join(dir, 'manifest.jsonl'), `${rows.join('\n')}\n`);
  return join(dir, 'manifest.jsonl');
}
