import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';

/**
 * Every command in the README's and the user guide's ```sh blocks runs here, in order, as a
 * user's shell would run it (bash: globs, quotes and `>>` as written), in a fresh folder that
 * holds the checkout's fixtures (linked) and copies of its scenarios, suites, schemas and
 * examples, with `lastmile` on PATH. So the docs cannot rot: a renamed flag, a moved file or
 * a command that no longer succeeds fails this test.
 *
 * One change is made, and only to runs the size of the whole corpus: `lastmile run` or `plan`
 * without `--limit` gets `--limit 1` here, to keep the suite fast. `.ci/run` runs the README's main
 * job in full (`./setup.sh`); the reports-chapter runs reuse these folders.
 *
 * Not here: docs/statistics.md (no commands of its own; its `lastmile power` example is the
 * README's), docs/reproduce-a-customer-environment.md (test/profile/docs.test.ts runs its
 * worked example with its own checks) and docs/scale.md (its shard commands are one of N
 * machines' share; test/scale runs shards and merge end to end).
 */
const DOCS = [
  'README.md',
  'docs/writing-scenarios.md',
  'docs/nightly-suites.md',
  'docs/reports.md',
  'docs/your-corpus-and-engine.md',
  'docs/beyond-wer.md',
];
const LIMIT_FOR_FULL_RUNS = '1';
/** The README's quick start: `.ci/run` runs these two, exactly (test/cli/readme.test.ts). */
const RUN_BY_CI = new Set(['./setup.sh', 'npm test']);

function shCommands(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const commands: string[] = [];
  for (const block of text.matchAll(/^```sh\n([\s\S]*?)^```/gm)) {
    for (const line of block[1].split('\n')) {
      const command = line.replace(/(^|\s)#.*$/, '').trim();
      if (command) commands.push(command);
    }
  }
  return commands;
}

/** What the command is expected to exit with, from what the docs say of it. */
function expectedExits(command: string): number[] {
  if (/^lastmile run\b/.test(command))
    // A finished run: nothing flagged (0) or a group flagged (3, the gate doing its job); on
    // a handful of clips no group can reach a verdict (6, "nothing tested"), as the guide says.
    return [EXIT.ok, EXIT.gateFailed, EXIT.nothingTested];
  // Reports and statistics of such a run say the same (6); a gate or a regression is 3.
  if (/^lastmile (report|stats|compare)\b/.test(command))
    return [EXIT.ok, EXIT.gateFailed, EXIT.nothingTested];
  return [EXIT.ok];
}

function asRunHere(command: string): string {
  if (/^lastmile (run|plan)\b/.test(command) && !/--limit\b/.test(command))
    return `${command} --limit ${LIMIT_FOR_FULL_RUNS}`;
  return command;
}

describe('the README and the user guide: every shell command runs as written', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = await tempDir('docs');
    symlinkSync(resolve('fixtures'), join(dir, 'fixtures'));
    for (const folder of ['scenarios', 'suites', 'schemas', 'examples'])
      cpSync(resolve(folder), join(dir, folder), { recursive: true });
    mkdirSync(join(dir, 'bin'));
    writeFileSync(
      join(dir, 'bin', 'lastmile'),
      `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`,
      { mode: 0o755 },
    );
    env = {
      ...process.env,
      PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
      LASTMILE_CACHE_DIR: join(dir, 'cache'),
      GITHUB_STEP_SUMMARY: join(dir, 'step-summary.md'),
      FORCE_COLOR: '0',
    };
  });

  // In the order a reader meets them: later chapters use the results of earlier ones.
  it.each(DOCS)(
    '%s',
    (file) => {
      const commands = shCommands(file).filter((c) => !RUN_BY_CI.has(c));
      expect(commands.length, `${file} has no shell commands`).toBeGreaterThan(0);
      for (const command of commands) {
        const r = spawnSync('bash', ['-c', asRunHere(command)], {
          cwd: dir,
          env,
          encoding: 'utf8',
        });
        const where = `${file}: ${command}\n${r.stdout}\n${r.stderr}`;
        expect(expectedExits(command), where).toContain(r.status);
        expect(`${r.stdout}\n${r.stderr}`, where).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
      }
    },
    600_000,
  );

  it('the runs end in reports, and the step summary gets the Markdown report', () => {
    expect(existsSync(join(dir, 'results/noisy-room/report.html'))).toBe(true);
    expect(readFileSync(join(dir, 'step-summary.md'), 'utf8')).toMatch(/^## lastmile: noisy-room/m);
  });
});
