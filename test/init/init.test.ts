import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadSuite } from '../../src/run/suite.js';
import { loadScenario } from '../../src/scenario/load.js';
import { lastmile } from '../helpers/cli.js';
import { BUNDLED, tempDir } from '../helpers/corpus.js';

describe('lastmile init', () => {
  it('scaffolds a suite, scenario, manifest template, workflow and .gitignore that validate, and says what to run next', async () => {
    const dir = await tempDir('init');
    const r = lastmile(['init', dir]);
    expect(r.status, r.stderr).toBe(0);
    for (const f of [
      'suite.yaml',
      'scenarios/starter.yaml',
      'corpus/manifest.csv',
      'corpus/README.md',
      '.github/workflows/lastmile.yml',
      '.gitignore',
      '.lastmile/scenario.schema.json',
      '.lastmile/suite.schema.json',
    ])
      expect(existsSync(join(dir, f)), f).toBe(true);
    expect(r.stdout).toMatch(/lastmile run --suite suite\.yaml --corpus \S+manifest\.jsonl/);

    const suite = await loadSuite(join(dir, 'suite.yaml'));
    expect(suite.scenarios).toEqual([join(dir, 'scenarios/starter.yaml')]);
    const scenario = await loadScenario(join(dir, 'scenarios/starter.yaml'));
    expect(scenario.conditions.length).toBeGreaterThan(1);
    // The modelines point at schemas that exist beside the files (editors work offline).
    for (const f of ['suite.yaml', 'scenarios/starter.yaml']) {
      const schema = readFileSync(join(dir, f), 'utf8').match(/\$schema=(\S+)/)?.[1];
      expect(schema, f).toBeTruthy();
      expect(existsSync(join(dir, f, '..', schema!)), `${f} → ${schema}`).toBe(true);
    }
    const workflow = parse(readFileSync(join(dir, '.github/workflows/lastmile.yml'), 'utf8'));
    const steps = JSON.stringify(workflow.jobs.stress.steps);
    expect(steps).toContain('lastmile run --suite suite.yaml');
    expect(steps).toContain('GITHUB_STEP_SUMMARY');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/^results\/$/m);
  });

  it('refuses to overwrite: names the files, exits non-zero, changes nothing', async () => {
    const dir = await tempDir('init');
    await writeFile(join(dir, 'suite.yaml'), 'mine\n');
    const before = statSync(join(dir, 'suite.yaml')).mtimeMs;
    const r = lastmile(['init', dir]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('would overwrite suite.yaml');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'suite.yaml'), 'utf8')).toBe('mine\n');
    expect(statSync(join(dir, 'suite.yaml')).mtimeMs).toBe(before);
    expect(existsSync(join(dir, 'scenarios'))).toBe(false);
  });

  it('the printed next command runs the scaffolded suite (on the bundled corpus, with a test engine)', async () => {
    const dir = await tempDir('init');
    expect(lastmile(['init', dir]).status).toBe(0);
    await writeFile(
      join(dir, 'echo-engine.mjs'),
      '// test engine (not a recogniser): answers "the" for every clip\nexport default () => ({ transcribe: async () => ({ ok: true, text: "the" }) });\n',
    );
    const r = lastmile([
      'run',
      '--suite',
      join(dir, 'suite.yaml'),
      '--corpus',
      BUNDLED,
      '--limit',
      '8',
      '--engine',
      `file:${join(dir, 'echo-engine.mjs')}`,
      '--out',
      join(dir, 'results', 'first'),
      '--no-cache',
      '--progress',
      'none',
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'results', 'first', 'utterances.jsonl')), r.stderr).toBe(true);
  });
});
