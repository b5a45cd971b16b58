import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** Runs the compiled CLI (built by `npm test`'s pretest) and returns its output and status. */
export function lastmile(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [resolve('dist/src/cli/main.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env, FORCE_COLOR: '0' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
