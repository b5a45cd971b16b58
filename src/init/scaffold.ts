import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';

/** Where the package keeps its own files: src/init/ and dist/src/init/ sit at different depths. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'templates', 'init')) && existsSync(join(dir, 'package.json')))
      return dir;
    dir = dirname(dir);
  }
  throw new UserError(
    'cannot find lastmile’s templates/init folder (is the installation complete?)',
  );
}

/** Template files, by their path in the scaffold (`gitignore` is stored without its dot so
 * that git and npm leave it alone). */
function templateFiles(root: string): Map<string, string> {
  const base = join(root, 'templates', 'init');
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const rel = relative(base, path);
        files.set(rel === 'gitignore' ? '.gitignore' : rel, readFileSync(path, 'utf8'));
      }
    }
  };
  walk(base);
  return files;
}

export interface ScaffoldResult {
  readonly dir: string;
  /** Paths written, relative to `dir`. */
  readonly written: readonly string[];
  /** The bundled corpus, to try the suite before the user's own corpus is ready. */
  readonly bundledCorpus: string;
}

/**
 * Writes a starter evaluation into `dir`: suite, scenario, manifest template with its column
 * guide, CI workflow, .gitignore, and the JSON Schemas the files' modelines point to (copied,
 * so editors validate offline). Refuses before writing anything if any file already exists.
 */
export async function scaffold(dir: string): Promise<ScaffoldResult> {
  const target = resolve(dir);
  if (existsSync(target) && !statSync(target).isDirectory())
    throw new UserError(`${dir}: not a folder`);
  const root = packageRoot();
  const files = templateFiles(root);
  files.set(
    '.lastmile/scenario.schema.json',
    readFileSync(join(root, 'scenarios', 'scenario.schema.json'), 'utf8'),
  );
  files.set(
    '.lastmile/suite.schema.json',
    readFileSync(join(root, 'schemas', 'suite.schema.json'), 'utf8'),
  );
  const clashes = [...files.keys()].filter((rel) => existsSync(join(target, rel)));
  if (clashes.length > 0)
    throw new UserError(
      `${dir}: would overwrite ${clashes.join(', ')}; nothing was written (init only writes into a folder without these files)`,
    );
  const written: string[] = [];
  for (const [rel, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const path = join(target, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, { flag: 'wx' });
    written.push(rel);
  }
  return {
    dir: target,
    written,
    bundledCorpus: join(root, 'fixtures', 'corpus', 'manifest.jsonl'),
  };
}
