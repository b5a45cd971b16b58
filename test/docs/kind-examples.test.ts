import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { perturbations } from '../../perturbations/index.js';
import { parseScenario } from '../../src/scenario/load.js';

/**
 * docs/writing-scenarios.md shows every perturbation kind with an example condition and says
 * which test measures the kind's claim: every kind has its section, every example is a valid
 * condition for the scenario loader, and every test file it cites exists.
 */
const GUIDE = 'docs/writing-scenarios.md';
const text = readFileSync(GUIDE, 'utf8');
const examples =
  text.split('<!-- kind-examples:start -->')[1]?.split('<!-- kind-examples:end -->')[0] ?? '';
const sections = new Map(
  [...examples.matchAll(/^### `([a-z]+)`\n([\s\S]*?)(?=^### |$(?![\s\S]))/gm)].map((m) => [
    m[1],
    m[2],
  ]),
);

describe(`${GUIDE}: every kind with an example and its measured claim`, () => {
  it('has a section for every kind, in any order, and none for a kind that is gone', () => {
    expect([...sections.keys()].sort()).toEqual(perturbations.map((p) => p.name).sort());
  });

  it.each(perturbations.map((p) => p.name))(
    '%s: the example is a valid condition using the kind',
    (kind) => {
      const section = sections.get(kind) ?? '';
      const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
      expect(yaml, `${kind}: no yaml example`).toBeTruthy();
      const indented = yaml!.replace(/^/gm, '  ');
      const scenario = parseScenario(
        `name: example\nconditions:\n${indented}`,
        `${GUIDE} (${kind})`,
      );
      expect(JSON.stringify(scenario.conditions[0])).toContain(`"${kind}"`);
    },
  );

  it.each(perturbations.map((p) => p.name))('%s: cites a test that exists', (kind) => {
    const section = sections.get(kind) ?? '';
    const cited = [...section.matchAll(/`((?:test\/perturbations\/)?[a-z0-9-]+\.test\.ts)`/g)].map(
      (m) => (m[1].includes('/') ? m[1] : `test/perturbations/${m[1]}`),
    );
    expect(cited.length, `${kind}: cites no test`).toBeGreaterThan(0);
    for (const file of cited) expect(existsSync(file), file).toBe(true);
  });
});
