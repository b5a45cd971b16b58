import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite, SUITE_SCHEMA_PATH, suiteSchemaText } from '../../src/run/suite.js';
import { tempDir } from '../helpers/corpus.js';

describe('suite files', () => {
  it('has a committed JSON Schema that matches the zod schema (regenerate: lastmile schema --write)', () => {
    expect(readFileSync(SUITE_SCHEMA_PATH, 'utf8')).toBe(suiteSchemaText());
  });

  it('loads the nightly suite (every built-in scenario) with paths resolved against the suite file', async () => {
    const suite = await loadSuite('suites/nightly.yaml');
    expect(suite.corpus).toBe(resolve('fixtures/corpus/manifest.jsonl'));
    const builtIn = readdirSync('scenarios')
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => resolve('scenarios', f));
    expect([...suite.scenarios].sort()).toEqual(builtIn.sort());
    expect(suite.engines).toEqual(['pocketsphinx']);
    expect(suite).toMatchObject({
      groupBy: 'accent',
      cache: true,
      outputs: ['summary.json', 'report.html', 'report.md', 'junit.xml', 'alignments'],
    });
  });

  it('loads the quick-start suite the README runs', async () => {
    const suite = await loadSuite('suites/quickstart.yaml');
    expect(suite.scenarios.length).toBeGreaterThan(0);
    // The pruning flags reach the engine's config (bench/README.md measures their effect).
    expect(suite.engines).toEqual([
      { id: 'pocketsphinx', config: { args: ['-maxhmmpf', '3000', '-maxwpf', '20'] } },
    ]);
  });

  it('reports problems with file:line:column', async () => {
    const dir = await tempDir('suite');
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      'name: x\ncorpus: c.jsonl\nscenarios: [a.yaml]\nengins: [pocketsphinx]\nlimit: -3\n',
    );
    await expect(loadSuite(file)).rejects.toThrow(
      new RegExp(
        `${file}:4:1 engins: unknown key "engins" \\(did you mean "engines"\\?\\)[\\s\\S]*${file}:5:8 limit: must be ≥ 1, got -3`,
      ),
    );
  });
});
