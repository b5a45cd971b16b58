/**
 * The README's main job (`npm start`: suites/quickstart.yaml — 240 clips × clean + 2
 * conditions × pocketsphinx = 720 recognitions), timed cold (an empty transcript cache) and
 * warm (the same cache, a fresh results folder): wall-clock seconds, CPU seconds of the whole
 * process tree (lastmile + its pocketsphinx decoders, from bash's `time`), peak RSS of the
 * lastmile process, and the load average before and after — on a shared machine the CPU
 * figure, divided by the cores, is the wall time an idle machine would take.
 * Run: npm run build && npx tsx bench/quickstart.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// What `npm start` and setup.sh run: the launcher (bin/lastmile), node with its memory settings.
const CLI = resolve('bin/lastmile');

interface Timing {
  label: string;
  wall: number;
  cpu: number;
  maxRssMb: number;
  load: [number, number];
  exit: number | null;
}

function timed(label: string, out: string, cache: string): Timing {
  const before = loadavg()[0];
  const t0 = performance.now();
  // bash's `time` covers every process of the pipeline's tree (the decoders included); GNU
  // time's %M gives lastmile's peak RSS. Fixed text: no user input reaches the shell.
  const r = spawnSync(
    'bash',
    [
      '-c',
      'TIMEFORMAT="%3U %3S"; time { /usr/bin/time -f "maxrss %M" "$@" >"$OUT" 2>"$ERR"; }',
      'bash',
      CLI,
      'run',
      '--suite',
      'suites/quickstart.yaml',
      '--out',
      out,
      '--progress',
      'none',
    ],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        LASTMILE_CACHE_DIR: cache,
        ERR: join(out, '..', `${label}.err`),
        OUT: join(out, '..', `${label}.out`),
      },
    },
  );
  const wall = (performance.now() - t0) / 1000;
  const [user, system] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  const rss = /maxrss (\d+)/.exec(
    spawnSync('cat', [join(out, '..', `${label}.err`)], { encoding: 'utf8' }).stdout,
  );
  return {
    label,
    wall,
    cpu: user + system,
    maxRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN,
    load: [before, loadavg()[0]],
    exit: r.status,
  };
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-bench-quickstart-'));
  try {
    const cache = join(dir, 'cache');
    const rows = [timed('cold', join(dir, 'cold'), cache), timed('warm', join(dir, 'warm'), cache)];
    const cores = availableParallelism();
    console.log(
      `| run | exit | wall s | CPU s (whole tree) | CPU s ÷ ${cores} cores | lastmile peak RSS MB | load avg before → after |`,
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const t of rows)
      console.log(
        `| ${t.label} | ${t.exit} | ${t.wall.toFixed(1)} | ${t.cpu.toFixed(1)} | ${(t.cpu / cores).toFixed(1)} | ${t.maxRssMb.toFixed(0)} | ${t.load[0].toFixed(1)} → ${t.load[1].toFixed(1)} |`,
      );
    // The cold run's ending as a user sees it (the README quotes it).
    const ending = readFileSync(join(dir, 'cold.out'), 'utf8').trimEnd().split('\n').slice(-24);
    console.log(`\nthe cold run's last lines:\n${ending.join('\n')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
