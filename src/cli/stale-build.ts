import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * In a checkout, the CLI runs from dist/ but loads its WebAssembly from src/wasm: after a
 * `git pull` without `npm run build`, old JavaScript glue meets new kernels and a run writes
 * wrong audio without an error. Returns the newest source file that is newer than the build
 * (dist/src/cli/main.js), or undefined. A registry install packs every file with one mtime,
 * and a tree without src/ (or without dist/) is not a checkout: nothing to say.
 */
export function newerThanBuild(root: string): string | undefined {
  let built: number;
  try {
    built = statSync(join(root, 'dist', 'src', 'cli', 'main.js')).mtimeMs;
  } catch {
    return undefined;
  }
  // A second of slack: some file systems keep mtimes to the second, and a build that starts
  // in the second a file was saved must not cry wolf.
  return newest(
    ['src', 'perturbations'].map((d) => join(root, d)),
    built + 1000,
  );
}

function newest(dirs: string[], after: number): string | undefined {
  for (const dir of dirs) {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        const found = newest([path], after);
        if (found) return found;
      } else if (/\.(ts|wasm)$/.test(e.name) && !e.name.endsWith('.d.ts')) {
        if (statSync(path).mtimeMs > after) return path;
      }
    }
  }
  return undefined;
}
