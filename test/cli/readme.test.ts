import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { perturbations } from '../../perturbations/index.js';
import { markdownTable } from '../../src/cli/commands/list.js';

describe('the user guide', () => {
  it('has the current table of perturbation kinds (regenerate with scripts/update-docs.ts)', () => {
    const guide = readFileSync('docs/writing-scenarios.md', 'utf8');
    const table = guide
      .split('<!-- kinds-table:start -->\n')[1]
      ?.split('<!-- kinds-table:end -->')[0];
    expect(table).toBe(markdownTable(perturbations));
  });

  it('shows the CI workflow `lastmile init` writes (regenerate with scripts/update-docs.ts)', () => {
    const guide = readFileSync('docs/nightly-suites.md', 'utf8');
    const copy = guide.split('<!-- workflow:start -->\n')[1]?.split('<!-- workflow:end -->')[0];
    const template = readFileSync('templates/init/.github/workflows/lastmile.yml', 'utf8');
    expect(copy).toBe(`\`\`\`yaml\n${template}\`\`\`\n`);
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
    // The main job, through the same launcher as `npm start` and the package's `lastmile`.
    expect(setup).toMatch(/^bin\/lastmile run --suite suites\/quickstart\.yaml/m);
    const start = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start;
    expect(start).toBe('bin/lastmile run --suite suites/quickstart.yaml');
  });

  it('runs the same test command as CI', () => {
    const ci = readFileSync('.ci/run', 'utf8');
    expect(ci).toMatch(/^npm test$/m);
    // The README's first command exactly: CI installs, builds and runs the main job with it.
    expect(ci).toMatch(/^\.\/setup\.sh$/m);
  });
});
