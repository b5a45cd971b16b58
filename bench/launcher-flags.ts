// bin/lastmile's node flags, for benches that measure what a user's process runs (V8's
// collector behaves differently under them): read from the launcher itself, so a change there
// reaches every bench that reruns under it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LAUNCHER = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'lastmile');

/** The flags bin/lastmile starts node with. */
export function launcherFlags(): string[] {
  const line = /exec node (.*?) "\$here/.exec(readFileSync(LAUNCHER, 'utf8'));
  if (!line) throw new Error(`${LAUNCHER}: no "exec node <flags>" line`);
  return line[1].split(' ');
}

/** Whether this process already runs under them. */
export function underLauncherFlags(): boolean {
  return launcherFlags().every((f) => process.execArgv.includes(f));
}

/** `script` (a bench, through tsx) again with `args` under the launcher's flags and malloc setting; its exit status. */
export function rerunUnderLauncherFlags(script: string, args: readonly string[]): number {
  const r = spawnSync(process.execPath, [...launcherFlags(), '--import', 'tsx', script, ...args], {
    stdio: 'inherit',
    env: { MALLOC_ARENA_MAX: '2', ...process.env },
  });
  return r.status ?? 1;
}
