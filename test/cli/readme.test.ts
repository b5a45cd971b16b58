import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { markdownTable } from '../../src/cli/commands/list.js';
import { perturbations } from '../../src/perturbation/registry.js';

describe('README', () => {
  it('has the current table of perturbation kinds (regenerate with scripts/update-readme.ts)', () => {
    const readme = readFileSync('README.md', 'utf8');
    const table = readme
      .split('<!-- kinds-table:start -->\n')[1]
      ?.split('<!-- kinds-table:end -->')[0];
    expect(table).toBe(markdownTable(perturbations));
  });
});
