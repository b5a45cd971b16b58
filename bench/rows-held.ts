// Peak memory of the commands that hold every row of a run (compare, slices) as the run grows:
// a run folder, and the same rows again under TIMES sets of new clip and speaker ids
// (×TIMES the rows, the same conditions, engines and texts), each compared with a copy whose
// hypotheses differ in every seventh row. Each command is `bin/lastmile …` under
// /usr/bin/time: peak RSS and wall are the CLI's own.
//   npm run build && npx tsx bench/rows-held.ts --from <run folder> [--times 1,10]
// A run folder: e.g. `lastmile run --suite suites/nightly.yaml --engine file:<engine> --out DIR`
// (bench/nightly-warm.ts's BENCHMARK ENGINE answers at once).
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import yargs from 'yargs';
import { runFolder } from '../src/results/folder.js';
import { readUtterances } from '../src/results/utterances.js';

const args = yargs(process.argv.slice(2))
  .option('from', { type: 'string', demandOption: true, describe: 'A finished run folder' })
  .option('times', { type: 'string', default: '1,10', describe: 'Copies of its rows' })
  .strict()
  .parseSync();
const cli = resolve('bin/lastmile');
const source = runFolder(resolve(args.from));
const work = await mkdtemp(join(tmpdir(), 'lastmile-rows-held-'));

/** The source's rows `times` over (ids and speakers suffixed ~k), hypotheses varied if `vary`. */
async function grow(dir: string, times: number, vary: boolean): Promise<number> {
  await mkdir(dir, { recursive: true });
  await copyFile(source.runJson, join(dir, 'run.json'));
  await copyFile(source.summary, join(dir, 'summary.json'));
  const out = createWriteStream(join(dir, 'utterances.jsonl'));
  let n = 0;
  for (let k = 0; k < times; k++)
    for await (const row of readUtterances(source.utterances)) {
      const id = `${row.id}~${k}`;
      const hypothesis =
        vary && n % 7 === 0 && row.hypothesis
          ? row.hypothesis.split(' ').slice(1).join(' ')
          : row.hypothesis;
      const line = JSON.stringify({
        ...row,
        unit: `${row.condition}|${row.engine}|${id}`,
        id,
        speaker: `${row.speaker}~${k}`,
        hypothesis,
      });
      if (!out.write(`${line}\n`)) await once(out, 'drain');
      n++;
    }
  out.end();
  await once(out, 'finish');
  return n;
}

function timed(label: string, argv: string[]) {
  const timeFile = join(work, 'time.txt');
  const load = loadavg()[0].toFixed(1);
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', timeFile, cli, ...argv], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  // compare exits 3 on a regression and 6 when nothing could be tested: both are answers.
  if (![0, 3, 6].includes(r.status ?? -1))
    throw new Error(`${label} exited ${r.status}:\n${r.stderr.slice(-2000)}`);
  const [wall, rssKB] = spawnSync('tail', ['-1', timeFile], { encoding: 'utf8' })
    .stdout.trim()
    .split(' ')
    .map(Number);
  return `${label}: peak RSS ${(rssKB / 1024).toFixed(0)} MB, ${wall.toFixed(1)} s wall (load ${load})`;
}

try {
  for (const times of args.times.split(',').map(Number)) {
    const a = join(work, `a${times}`);
    const b = join(work, `b${times}`);
    const rows = await grow(a, times, false);
    await grow(b, times, true);
    process.stdout.write(`×${times}: ${rows} rows a folder\n`);
    process.stdout.write(`  ${timed('compare', ['compare', a, b, '--no-write'])}\n`);
    process.stdout.write(`  ${timed('slices', ['slices', a, '--no-write'])}\n`);
    await rm(a, { recursive: true });
    await rm(b, { recursive: true });
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
