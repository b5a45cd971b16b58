import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { perturbations } from '../../perturbations/index.js';
import { markdownTable } from '../../src/cli/commands/list.js';

describe('README', () => {
  it('has the current table of perturbation kinds (regenerate with scripts/update-readme.ts)', () => {
    const readme = readFileSync('README.md', 'utf8');
    const table = readme
      .split('<!-- kinds-table:start -->\n')[1]
      ?.split('<!-- kinds-table:end -->')[0];
    expect(table).toBe(markdownTable(perturbations));
  });
});

describe('README quick start', () => {
  const readme = readFileSync('README.md', 'utf8');
  const block = readme.split('## Quick start')[1]?.split('```sh\n')[1]?.split('```')[0] ?? '';
  const commands = block
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);

  it('is two commands: setup (which runs the main job) and the tests', () => {
    expect(commands).toEqual(['./setup.sh', 'npm test']);
    const setup = readFileSync('setup.sh', 'utf8');
    expect(setup).toMatch(/main\.js run --suite suites\/quickstart\.yaml/);
  });

  it('runs the same test command as CI', () => {
    const ci = readFileSync('.ci/run', 'utf8');
    expect(ci).toMatch(/^npm test$/m);
    expect(ci).toMatch(/\.\/setup\.sh --deps-only/);
  });
});
