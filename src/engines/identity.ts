import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';

/**
 * Files larger than this are identified by size and modification time instead of a hash:
 * hashing pocketsphinx's 37 MB model takes ~0.1 s, a multi-gigabyte whisper model would take
 * seconds at every run start. A copied-in model of the same size keeps its new mtime, so it is
 * still told apart.
 */
export const HASH_LIMIT_BYTES = 256 * 1024 * 1024;

const memo = new Map<string, Promise<string>>();

/**
 * `sha256:<hex>` of a file's content (`size:<n>,mtime:<ms>` above HASH_LIMIT_BYTES), or
 * `missing`. Memoized on path, size and mtime, so each file is read once per process.
 */
export async function fileIdentity(path: string): Promise<string> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    return 'missing';
  }
  if (info.size > HASH_LIMIT_BYTES) return `size:${info.size},mtime:${Math.round(info.mtimeMs)}`;
  const key = `${path}\0${info.size}\0${info.mtimeMs}`;
  let hashed = memo.get(key);
  if (!hashed) {
    hashed = new Promise<string>((done) => {
      const hash = createHash('sha256');
      createReadStream(path)
        .on('data', (chunk) => hash.update(chunk))
        .on('end', () => done(`sha256:${hash.digest('hex')}`))
        .on('error', () => done('unreadable'));
    });
    memo.set(key, hashed);
  }
  return hashed;
}

/**
 * The identity of every regular file under the given paths (a folder contributes its files,
 * recursively), keyed by absolute path in sorted order.
 */
export async function filesIdentity(paths: readonly string[]): Promise<Record<string, string>> {
  const files = (await Promise.all(paths.map((p) => filesUnder(resolve(p))))).flat();
  const unique = [...new Set(files)].sort();
  const ids = await Promise.all(unique.map(fileIdentity));
  return Object.fromEntries(unique.map((file, i) => [file, ids[i]]));
}

async function filesUnder(path: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    return [path]; // reported as `missing`
  }
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(
    entries.filter((e) => e.isFile() || e.isDirectory()).map((e) => filesUnder(join(path, e.name))),
  );
  return nested.flat();
}

/** The file a program name runs: itself when it has a slash, else the first match on PATH. */
export function whichProgram(program: string, cwd = process.cwd()): string | undefined {
  if (program.includes('/'))
    return existsSync(resolve(cwd, program)) ? resolve(cwd, program) : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = resolve(dir, program);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
