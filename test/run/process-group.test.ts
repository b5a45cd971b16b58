import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';
import { gainScenario, tempDir, toneCorpus } from '../helpers/corpus.js';

/** Pids of live processes in process group `pgid` (ps, independent of lastmile's code). */
function groupMembers(pgid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,pgid=,stat='], { encoding: 'utf8' });
  return table
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([, g, stat]) => Number(g) === pgid && stat && !stat.startsWith('Z'))
    .map(([pid]) => Number(pid));
}

describe('engine processes (compiled CLI, a command engine that forks children and hangs)', () => {
  it('after a timed-out run no process of the engine’s process group is alive', async () => {
    const dir = await tempDir('pgroup');
    const manifest = await toneCorpus(dir, 2);
    const groups = join(dir, 'groups.txt');
    // The engine: records its process group, starts two children that outlive it, then hangs.
    const script = join(dir, 'hang.sh');
    writeFileSync(
      script,
      `#!/bin/sh\necho "$(ps -o pgid= -p $$)" >> "${groups}"\nsleep 300 &\n(sleep 300; echo late) &\nsleep 300\n`,
    );
    const started = Date.now();
    const r = await spawnCli([
      'run',
      await gainScenario(dir),
      '--corpus',
      manifest,
      '--engine',
      `command:sh ${script} {audio}`,
      '--engine-config',
      'timeoutMs=1500',
      '--engine-config',
      'retries=0',
      '--max-error-rate',
      '1',
      '--out',
      join(dir, 'out'),
      '--progress',
      'none',
    ]).done;
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const pgids = readFileSync(groups, 'utf8').split('\n').filter(Boolean).map(Number);
    expect(pgids.length).toBeGreaterThan(0);
    for (const pgid of pgids) expect(groupMembers(pgid), `group ${pgid}`).toEqual([]);
    // The CLI ended well before the children's 300 s (they did not hold it open).
    expect(Date.now() - started).toBeLessThan(120_000);
  }, 180_000);
});
