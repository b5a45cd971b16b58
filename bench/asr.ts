// Throughput of pocketsphinx through lastmile vs raw pocketsphinx_batch over the same audio on
// the same machine, and a warm-cache rerun of the default suite.
//   npx tsx bench/asr.ts [--clips 32] [--rounds 3] [--suite-limit 24 | --full-suite | --no-suite]
//                        [--cache-dir DIR]
// On a shared machine, compare the ratio, not the seconds: each round runs both sides back to
// back (alternating which goes first), so they see about the same background load.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { readAudio } from '../src/audio/read.js';
import { encodeWav16 } from '../src/audio/write.js';
import { limitClips } from '../src/corpus/limit.js';
import { loadCorpus } from '../src/corpus/load.js';
import { resolveRunConfig } from '../src/run/config.js';
import { executeRun } from '../src/run/execute.js';
import { loadSuite } from '../src/run/suite.js';

const run = promisify(execFile);
const option = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const arg = (name: string, fallback: number) => Number(option(name) ?? fallback);
const CLIPS = arg('clips', 32);
const ROUNDS = Math.max(0, arg('rounds', 3)); // 0: the suite figure only
const SUITE = !process.argv.includes('--no-suite');
const SUITE_LIMIT = process.argv.includes('--full-suite') ? undefined : arg('suite-limit', 24);
// A transcript cache to keep between bench runs (the full suite's cold run takes most of an
// hour on two cores); the first suite run is then only as cold as that folder.
const CACHE_DIR = option('cache-dir') && resolve(option('cache-dir')!);
const MODEL = '/usr/share/pocketsphinx/model/en-us';
const BUNDLED = 'fixtures/corpus/manifest.jsonl';
const GROUP_BY = 'accent';
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const work = await mkdtemp(join(tmpdir(), 'lastmile-bench-'));
const manifest = existsSync(BUNDLED) ? BUNDLED : await fallbackManifest();
const corpus = await loadCorpus(manifest, { groupBy: GROUP_BY });
// The clips `executeRun({ limit: CLIPS })` picks (round-robin over the groups), so both sides
// decode the same audio.
const clips = limitClips(corpus.clips, CLIPS, GROUP_BY);
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
  const result = await executeRun(
    await resolveRunConfig({
      scenarios: [scenario],
      corpus: manifest,
      engines: ['pocketsphinx'],
      out: join(work, `lastmile-${++session}`),
      limit: CLIPS,
      cache: false,
      groupBy: GROUP_BY,
    }),
  );
  if (result.total !== decodes.length)
    throw new Error(`${result.total} units, expected ${decodes.length}`);
  if (result.errors) throw new Error(`${result.errors} error units`);
  return (performance.now() - started) / 1000;
}

process.stdout.write(
  `${decodes.length} decodes of ${clips.length} clips (${audioSeconds.toFixed(0)} s of audio ×2), ${cores} cores, load ${load()}\n`,
);
const raws: number[] = [];
const lms: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  if (round % 2 === 0) {
    raws.push(await raw());
    lms.push(await throughLastmile());
  } else {
    lms.push(await throughLastmile());
    raws.push(await raw());
  }
  process.stdout.write(
    `  round ${round + 1}: raw ${raws[round].toFixed(2)} s, lastmile ${lms[round].toFixed(2)} s, ratio ${(raws[round] / lms[round]).toFixed(3)} (load ${load()})\n`,
  );
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
if (ROUNDS > 0) {
  const rawBest = Math.min(...raws);
  const lmBest = Math.min(...lms);
  const rtf = (s: number) => (s / (2 * audioSeconds)).toFixed(4);
  const speed = (s: number) => ((2 * audioSeconds) / s).toFixed(2);
  process.stdout.write(
    `raw pocketsphinx_batch (${cores} processes, static lists): best ${rawBest.toFixed(2)} s, RTF ${rtf(rawBest)} (${speed(rawBest)}× real time)\n` +
      `lastmile run (read, perturb, encode, hash, dispatch, write rows): best ${lmBest.toFixed(2)} s, RTF ${rtf(lmBest)} (${speed(lmBest)}× real time)\n` +
      `throughput ratio lastmile / raw: best/best ${(rawBest / lmBest).toFixed(3)}, median of rounds ${median(raws.map((r, i) => r / lms[i])).toFixed(3)} (target ≥ 0.9)\n`,
  );
}

// Warm-cache rerun of the default suite: the first run fills a fresh cache, the second is
// answered from it (every clip is still decoded and perturbed to find its audio hash).
const suite = await loadSuite('suites/nightly.yaml');
if (SUITE && existsSync(suite.corpus)) {
  const cacheDir = CACHE_DIR ?? join(work, 'cache');
  const suiteRun = async (out: string) => {
    const started = performance.now();
    const result = await executeRun(
      await resolveRunConfig({
        suite,
        out: join(work, out),
        ...(SUITE_LIMIT !== undefined && { limit: SUITE_LIMIT }),
        cacheDir,
      }),
    );
    return { seconds: (performance.now() - started) / 1000, result };
  };
  const cold = await suiteRun('suite-cold');
  const warm = await suiteRun('suite-warm');
  const warm2 = await suiteRun('suite-warm2');
  const hits = Object.values(warm.result.stats).reduce((n, s) => n + s.cacheHits, 0);
  const calls = Object.values(warm.result.stats).reduce((n, s) => n + s.calls, 0);
  process.stdout.write(
    `default suite (${SUITE_LIMIT === undefined ? 'all clips' : `--limit ${SUITE_LIMIT}`}, ${cold.result.total} units): ${CACHE_DIR ? `first run (cache ${CACHE_DIR})` : 'cold'} ${cold.seconds.toFixed(1)} s, warm-cache reruns ${warm.seconds.toFixed(1)} s, ${warm2.seconds.toFixed(1)} s (${hits} cache hits, ${calls} engine calls; load ${load()})\n`,
  );
} else if (SUITE) {
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
