// The nightly suite as a user runs it — `lastmile run --suite suites/nightly.yaml` from dist's
// build, every output the suite names (summary, report.html, report.md, junit, alignments) —
// cold into an empty cache and then warm, with a BENCHMARK ENGINE (a `file:` module that
// answers at once) in place of pocketsphinx, so the figures are lastmile's own work: cold
// pocketsphinx is hours of CPU for the full suite and says nothing about the warm path.
// Each run is `bin/lastmile run …` under /usr/bin/time: wall, CPU (user + system, every thread) and peak
// RSS are the CLI's own.
//   npm run build && npx tsx bench/nightly-warm.ts [--limit N] [--threads N] [--keep DIR] [--warm-only]
// --keep DIR keeps the cache (and the engine) in DIR, so a later `--warm-only --keep DIR` times
// the warm re-run again, e.g. on a quieter machine.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import yargs from 'yargs';
import { EXIT } from '../src/cli/exit-codes.js';

const args = yargs(process.argv.slice(2))
  .option('limit', { type: 'number', describe: 'Clips (default: all 240)' })
  .option('threads', { type: 'number', describe: "lastmile run's --threads (default: its own)" })
  .option('keep', { type: 'string', describe: 'Folder for the cache, kept after the bench' })
  .option('warm-only', { type: 'boolean', default: false })
  .strict()
  .parseSync();

const dir = args.keep ? resolve(args.keep) : await mkdtemp(join(tmpdir(), 'lastmile-nightly-'));
await mkdir(dir, { recursive: true });
const engine = join(dir, 'bench-engine.mjs');
// The BENCHMARK ENGINE: a constant answer (the first words of every clinical reference).
await writeFile(
  engine,
  'export default { defaults: { concurrency: 16 }, transcribe: async () => "the patient has" };\n',
);
// The launcher a user runs (bin/lastmile: node with its memory settings) over dist's build.
const cli = resolve('bin/lastmile');
if (!existsSync(resolve('dist/src/cli/main.js')))
  throw new Error('dist/src/cli/main.js is missing: run `npm run build` first');

interface Timed {
  wall: number;
  cpu: number;
  rssMB: number;
}

async function run(label: string): Promise<Timed> {
  const out = join(dir, `${label}-${Date.now()}`);
  const timeFile = join(dir, 'time.txt');
  const argv = [
    '-f',
    '%e %U %S %M',
    '-o',
    timeFile,
    cli,
    'run',
    '--suite',
    'suites/nightly.yaml',
    '--engine',
    `file:${engine}`,
    '--cache-dir',
    join(dir, 'cache'),
    '--out',
    out,
    '--json',
    ...(args.limit !== undefined ? ['--limit', String(args.limit)] : []),
    ...(args.threads !== undefined ? ['--threads', String(args.threads)] : []),
  ];
  const load = loadavg()[0].toFixed(1);
  const r = spawnSync('/usr/bin/time', argv, { encoding: 'utf8', maxBuffer: 1 << 28 });
  // A verdict's exit codes are fine here (a --limit too small for any verdict is "nothing
  // tested"); a usage, input, run-error or internal exit is a failure of the bench.
  const verdicts: number[] = [EXIT.ok, EXIT.gateFailed, EXIT.nothingTested];
  if (!verdicts.includes(r.status ?? -1)) {
    throw new Error(`lastmile run exited ${r.status}:\n${r.stderr.slice(-2000)}`);
  }
  const [wall, user, sys, rssKB] = (await readFile(timeFile, 'utf8'))
    .trim()
    .split('\n')
    .at(-1)! // after "Command exited with non-zero status N", when it did
    .split(' ')
    .map(Number);
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as {
    input: { rows: number };
  };
  await rm(out, { recursive: true, force: true });
  const t = { wall: wall ?? 0, cpu: (user ?? 0) + (sys ?? 0), rssMB: (rssKB ?? 0) / 1024 };
  process.stdout.write(
    `${label}: ${summary.input.rows} units, ${t.wall.toFixed(1)} s wall, ${t.cpu.toFixed(1)} s CPU, peak RSS ${t.rssMB.toFixed(0)} MB (load ${load} at the start)\n`,
  );
  return t;
}

if (!args.warmOnly) await run('cold');
await run('warm');
await run('warm again');
if (!args.keep) await rm(dir, { recursive: true, force: true });
else process.stdout.write(`cache kept in ${dir}\n`);
