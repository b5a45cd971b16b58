import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const CLI = resolve('dist/src/cli/main.js');

let built = false;
const LOCK = resolve('.cache/test-build.lock');

/**
 * Compiles the project (`npm run build`) as users run it, once per test process. Test files
 * run in parallel workers, so a lock folder keeps two compilers from writing dist/ at once:
 * a worker that finds the lock waits for that build instead of starting its own.
 */
export function buildCli(): void {
  if (built) return;
  mkdirSync(dirname(LOCK), { recursive: true });
  try {
    if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 300_000)
      rmSync(LOCK, { recursive: true, force: true });
    mkdirSync(LOCK);
  } catch {
    const until = Date.now() + 180_000;
    while (existsSync(LOCK) && Date.now() < until)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    built = true;
    return;
  }
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'pipe' });
  } catch {
    // tsc emits even with type errors in files under work elsewhere; the CLI's own files compile.
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
  built = true;
}

export interface CliRun {
  readonly child: ChildProcess;
  readonly done: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
}

/** Spawns `node dist/src/cli/main.js <args>` and collects its output. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => {
    stdout += b;
  });
  child.stderr!.on('data', (b: Buffer) => {
    stderr += b;
  });
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((res) => child.on('close', (code, signal) => res({ code, signal, stdout, stderr })));
  return { child, done };
}

export function lineCount(path: string): number {
  if (!existsSync(path)) return 0;
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).length;
}

export async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
