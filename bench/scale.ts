// A large synthetic run of the real CLI: a corpus of short tones, a scenario of cheap
// conditions (gain steps and seeded white noise), and BENCHMARK ENGINES (file:) that answer
// instantly, so what is measured is lastmile's own work — decode, perturb, hash, dispatch, row
// writes, then the analysis (scoring, statistics, summary.json). `lastmile run` (dist's build)
// runs in a child process under /usr/bin/time, so its peak RSS is the CLI's alone, not this
// script's or tsx's. Prints units/s, wall and CPU time, and peak RSS.
//   npm run build && npx tsx bench/scale.ts [--units 100000] [--engines 2] [--threads N] [--repeat N]
// Compare peak RSS at 10× the units (--units 10000 vs --units 100000) for the flat-memory
// target. CPU time is printed beside wall time because the machine may be shared.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeWav16 } from '../src/audio/write.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const UNITS = arg('--units', 100_000);
const ENGINES = arg('--engines', 2);
const THREADS = process.argv.includes('--threads') ? arg('--threads', 0) : undefined;
// Peak RSS varies by a few MB from run to run (when V8 collects): --repeat gives the median.
const REPEAT = arg('--repeat', 1);
const CONDITIONS = 10; // clean + 9
const CLIPS = Math.ceil(UNITS / (CONDITIONS * ENGINES));

const dir = await mkdtemp(join(tmpdir(), 'lastmile-bench-scale-'));
await mkdir(join(dir, 'clips'));
const words = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet'.split(' ');
const lines: string[] = [];
for (let c = 0; c < CLIPS; c++) {
  const samples = new Float32Array(1600); // 0.1 s at 16 kHz
  for (let t = 0; t < samples.length; t++)
    samples[t] = 0.3 * Math.sin((2 * Math.PI * (150 + (c % 400) * 7) * t) / 16000 + c);
  await writeWav16(join(dir, 'clips', `c${c}.wav`), { samples, sampleRate: 16000 });
  const text = Array.from({ length: 8 }, (_, k) => words[(c + k) % words.length]).join(' ');
  const row = { id: `c${c}`, audio: `clips/c${c}.wav`, text, speaker: `s${c % 40}` };
  lines.push(JSON.stringify({ ...row, accent: `g${c % 4}` }));
}
await writeFile(join(dir, 'manifest.jsonl'), `${lines.join('\n')}\n`);
const steps = [-3, -6, -9, -12].map(
  (db, i) => `  - name: gain${i}\n    chain:\n      - gain: { db: ${db} }\n`,
);
const noise = [40, 35, 30, 25, 20].map(
  (snr) => `  - name: white${snr}\n    chain:\n      - noise: { color: white, snr: ${snr} }\n`,
);
await writeFile(
  join(dir, 'bench.yaml'),
  `name: bench\nseed: 5\nconditions:\n${[...steps, ...noise].join('')}`,
);
// The BENCHMARK ENGINE: echoes the clip's text, dropping a word when the audio hash says so.
// It makes the text from the clip's number as the manifest did, holding nothing per clip: the
// peak RSS measured is lastmile's, not a table of the engine's.
const engineSource = `const words = ${JSON.stringify(words)};
const textOf = (c) => Array.from({ length: 8 }, (_, k) => words[(c + k) % words.length]).join(' ');
export default { defaults: { concurrency: 16 }, transcribe: async (input) => textOf(Number(input.clipId.slice(1))).split(' ').filter((_, k) => input.audioSha256.charCodeAt(k) % 5 !== 0).join(' ') };
`;
// One module file per engine: engines need distinct ids.
const engineIds = Array.from({ length: ENGINES }, (_, e) => `file:./bench-engine-${e}.mjs`);
for (let e = 0; e < ENGINES; e++) await writeFile(join(dir, `bench-engine-${e}.mjs`), engineSource);

// The launcher a user runs (bin/lastmile: node with its memory settings) over dist's build.
const cli = join(import.meta.dirname, '..', 'bin', 'lastmile');
const built = join(import.meta.dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!existsSync(built)) throw new Error(`${built} is missing: npm run build`);
const args = [
  ...['run', join(dir, 'bench.yaml'), '--corpus', join(dir, 'manifest.jsonl')],
  ...engineIds.flatMap((e) => ['--engine', e]),
  ...['--out', join(dir, 'out'), '--no-cache', '--progress', 'none'],
  ...(THREADS === undefined ? [] : ['--threads', String(THREADS)]),
];
const timing = join(dir, 'time.txt');
const units = CLIPS * CONDITIONS * ENGINES;
process.stdout.write(
  `${units} units (${CLIPS} clips × ${CONDITIONS} conditions × ${ENGINES} engines), benchmark engines, threads ${THREADS ?? 'default'}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}\n`,
);
const peaks: number[] = [];
for (let r = 0; r < REPEAT; r++) {
  await rm(join(dir, 'out'), { recursive: true, force: true });
  const wall = performance.now();
  const child = spawnSync('/usr/bin/time', ['-o', timing, '-f', '%U %S %M', cli, ...args], {
    cwd: dir,
    encoding: 'utf8',
  });
  const seconds = (performance.now() - wall) / 1000;
  // Exit 0, or 3 when the gate flags a group: the benchmark engines' errors are not balanced.
  if (child.status !== 0 && child.status !== 3)
    throw new Error(`lastmile run exited ${child.status}: ${child.stderr}`);
  const [user, sys, maxKb] = readFileSync(timing, 'utf8').trim().split('\n').at(-1)!.split(' ');
  const cpu = Number(user) + Number(sys);
  peaks.push(Number(maxKb) / 1024);
  process.stdout.write(
    `lastmile run (perturb, hash, dispatch, write, analysis): ${seconds.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU, ${(units / seconds).toFixed(0)} units/s, peak RSS ${peaks.at(-1)!.toFixed(0)} MB\n`,
  );
}
const sorted = [...peaks].sort((a, b) => a - b);
process.stdout.write(
  `peak RSS: median ${sorted[Math.floor((sorted.length - 1) / 2)].toFixed(0)} MB, range ${sorted[0].toFixed(0)}–${sorted.at(-1)!.toFixed(0)} MB over ${REPEAT} run(s)\n`,
);
await rm(dir, { recursive: true, force: true });
