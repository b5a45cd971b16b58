import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CLI } from '../helpers/cli.js';
import { toneCorpus } from '../helpers/corpus.js';
import { type BadInput, GOOD_SCENARIO } from './builders.js';

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The case's `absent` paths that exist after the command. */
  leftBehind: string[];
}

/** Writes a case's folder: the good corpus, scenario and suite, then the case's own files. */
async function prepare(dir: string, c: BadInput): Promise<void> {
  await toneCorpus(join(dir, 'corpus'), 2);
  await writeFile(join(dir, 'good.yaml'), GOOD_SCENARIO);
  await writeFile(
    join(dir, 'suite.yaml'),
    'scenarios: [good.yaml]\ncorpus: corpus/manifest.jsonl\nengines: [pocketsphinx]\n',
  );
  for (const d of c.dirs ?? []) await mkdir(join(dir, d), { recursive: true });
  for (const [name, content] of Object.entries(c.files ?? {})) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(
      join(dir, name),
      typeof content === 'string' ? content.replaceAll('{dir}', dir) : content,
    );
  }
  for (const [name, target] of Object.entries(c.links ?? {})) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await symlink(target, join(dir, name));
  }
}

/** Runs one case of the table in a fresh folder `dir` against the compiled CLI. */
export async function runCase(dir: string, c: BadInput): Promise<Outcome> {
  await mkdir(dir, { recursive: true });
  await prepare(dir, c);
  const fill = (text: string) => text.replaceAll('{dir}', dir);
  const env = Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, fill(v)]));
  const { code, stdout, stderr } = await new Promise<Omit<Outcome, 'leftBehind'>>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...c.args.map(fill)], {
      cwd: dir,
      env: { ...process.env, FORCE_COLOR: '0', LASTMILE_CACHE_DIR: join(dir, 'cache'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b;
    });
    child.stderr.on('data', (b: Buffer) => {
      err += b;
    });
    child.on('close', (status) => resolve({ code: status, stdout: out, stderr: err }));
  });
  const leftBehind = (c.absent ?? []).filter((p) => existsSync(join(dir, p)));
  return { code, stdout, stderr, leftBehind };
}
