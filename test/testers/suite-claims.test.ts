import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClaimResult } from '../../src/slices/verify.js';
import { lastmile } from '../helpers/cli.js';
import { BUNDLED, tempDir } from '../helpers/corpus.js';
import { LIGHT_SCENARIO, TEST_ENGINE } from '../report/make-run.js';

describe('a suite re-tests its accepted claims after every run', () => {
  it('writes claims.json and prints each verdict on the fresh run (all its speakers)', async () => {
    const dir = await tempDir('suite-claims');
    writeFileSync(
      join(dir, 'th-stopping.yaml'),
      'claim: th-stopping speakers lose more words under noise\nslice: { accent: synthetic/th-stopping }\nclaimedExcess: 8\n',
    );
    writeFileSync(
      join(dir, 'standard.yaml'),
      'slice: { accent: synthetic/standard }\nclaimedExcess: 8\n',
    );
    writeFileSync(
      join(dir, 'suite.yaml'),
      [
        'name: claims',
        `corpus: ${BUNDLED}`,
        `scenarios: [${LIGHT_SCENARIO}]`,
        'engines:',
        `  - id: file:${TEST_ENGINE}`,
        `    config: { manifest: ${BUNDLED}, group: synthetic/th-stopping, extra: 0.3 }`,
        'limit: 120',
        'cache: false',
        'claims: [th-stopping.yaml, standard.yaml]',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'run');
    const r = lastmile([
      'run',
      '--suite',
      join(dir, 'suite.yaml'),
      '--out',
      out,
      '--progress',
      'none',
    ]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stdout).toMatch(/^CONFIRMED: th-stopping speakers lose more words under noise/m);
    expect(r.stdout).toMatch(/^NOT CONFIRMED: accent=synthetic\/standard/m);
    const results = JSON.parse(readFileSync(join(out, 'claims.json'), 'utf8')) as ClaimResult[];
    expect(results.map((x) => x.verdict)).toEqual(['confirmed', 'not confirmed']);
    expect(results.every((x) => x.speakers === 'all' && x.tested === 20)).toBe(true);
  });
});
