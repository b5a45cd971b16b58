import { execFileSync } from 'node:child_process';

/**
 * Compiles the project once before any test file runs, so CLI tests exercise the same
 * `dist/` a user runs and parallel workers never race a compiler. A type error fails the run.
 */
export default function build(): void {
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], {
      stdio: 'pipe',
    });
  } catch (err) {
    const out = (err as { stdout?: Buffer }).stdout?.toString() ?? String(err);
    throw new Error(`TypeScript build failed:\n${out}`);
  }
}
