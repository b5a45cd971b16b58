import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newerThanBuild } from '../../src/cli/stale-build.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A checkout: the build at `built` seconds, and source files with their own mtimes. */
function checkout(built: number, files: Record<string, number>): string {
  root = mkdtempSync(join(tmpdir(), 'lastmile-stale-'));
  const main = join(root, 'dist', 'src', 'cli', 'main.js');
  mkdirSync(join(root, 'dist', 'src', 'cli'), { recursive: true });
  writeFileSync(main, '');
  utimesSync(main, built, built);
  for (const [file, mtime] of Object.entries(files)) {
    const path = join(root, file);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '');
    utimesSync(path, mtime, mtime);
  }
  return root;
}

describe('a build older than its sources', () => {
  const t = 1_800_000_000;
  it('names a WebAssembly kernel rebuilt after dist/ (the case that wrote wrong audio)', () => {
    const r = checkout(t, { 'src/cli/x.ts': t - 60, 'src/wasm/fftconv.wasm': t + 60 });
    expect(newerThanBuild(r)).toBe(join(r, 'src', 'wasm', 'fftconv.wasm'));
  });

  it('names a perturbation edited after the build', () => {
    const r = checkout(t, { 'src/a.ts': t - 5, 'perturbations/noise.ts': t + 5 });
    expect(newerThanBuild(r)).toBe(join(r, 'perturbations', 'noise.ts'));
  });

  it('is quiet when the build is newest, within a second, or not there at all', () => {
    expect(
      newerThanBuild(checkout(t, { 'src/a.ts': t - 1, 'src/wasm/k.wasm': t })),
    ).toBeUndefined();
    rmSync(root, { recursive: true });
    // Saved in the same second the build started (file systems with 1 s mtimes).
    expect(newerThanBuild(checkout(t, { 'src/a.ts': t + 0.5 }))).toBeUndefined();
    rmSync(root, { recursive: true });
    // Type declarations and other files are not compiled into dist/.
    expect(
      newerThanBuild(checkout(t, { 'src/a.d.ts': t + 60, 'src/notes.md': t + 60 })),
    ).toBeUndefined();
    rmSync(join(root, 'dist'), { recursive: true });
    expect(newerThanBuild(root)).toBeUndefined();
  });
});
