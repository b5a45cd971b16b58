import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { tempDir, toneCorpus } from '../helpers/corpus.js';
import { BAD_INPUTS, type BadInput, badInputMarkdown, GOOD_SCENARIO } from './table.js';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

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
    await writeFile(join(dir, name), content);
  }
}

function cli(args: readonly string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, FORCE_COLOR: '0', LASTMILE_CACHE_DIR: join(cwd, 'cache') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b;
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr += b;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs every case, two CLI processes at a time (the suite shares two cores). */
async function runAll(root: string): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(BAD_INPUTS.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < BAD_INPUTS.length; i = next++) {
      const c = BAD_INPUTS[i];
      const dir = join(root, String(i));
      await mkdir(dir, { recursive: true });
      await prepare(dir, c);
      outcomes[i] = await cli(
        c.args.map((a) => a.replaceAll('{dir}', dir)),
        dir,
      );
    }
  };
  await Promise.all([worker(), worker()]);
  return outcomes;
}

describe('what lastmile does with bad input (compiled CLI, one row of test/bad-input/table.ts each)', () => {
  let outcomes: Outcome[];
  beforeAll(async () => {
    outcomes = await runAll(await tempDir('bad-input'));
  }, 600_000);

  it('has at least 60 cases', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(60);
  });

  it.each(BAD_INPUTS.map((c, i) => [c.input, i] as const))('%s', (_name, i) => {
    const c = BAD_INPUTS[i];
    const o = outcomes[i];
    const shown = `exit ${o.code}\n${o.stderr}`;
    expect(o.code, shown).toBe(c.exit);
    for (const text of c.says) expect(o.stderr, shown).toContain(text);
    expect(o.stderr + o.stdout, shown).not.toMatch(/\n\s+at /);
    expect(o.stderr, shown).not.toContain('internal error');
  });
});

describe('docs/bad-input.md', () => {
  it('is the table the test runs (regenerate: npx tsx scripts/update-bad-input-doc.ts)', () => {
    expect(readFileSync('docs/bad-input.md', 'utf8')).toBe(badInputMarkdown());
  });
});
