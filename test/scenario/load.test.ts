import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getPerturbation, perturbationNames } from '../../perturbations/index.js';
import { SCENARIO_SCHEMA_PATH, scenarioSchemaText } from '../../src/cli/commands/schema.js';
import { UserErrors } from '../../src/errors.js';
import { parseScenario } from '../../src/scenario/load.js';

function errorsOf(text: string): string[] {
  try {
    parseScenario(text, 'test.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(UserErrors);
    return (e as UserErrors).errors.map((x) => x.message);
  }
  throw new Error('expected the scenario to be rejected');
}

describe('scenario language', () => {
  it('parses units, ranges, choices, sweeps and defaults', () => {
    const s = parseScenario(
      `name: ward
seed: 42
conditions:
  - name: hum
    chain:
      - hum: { fundamental: 0.05kHz, level: -30dBFS }
  - name: babble
    sweep: { snr: [20, 10] }
    chain:
      - noise: { snr: $snr, color: { oneOf: [pink, brown] } }
  - name: range
    chain:
      - noise: { snr: { min: 5dB, max: 15 } }
`,
      'ward.yaml',
    );
    expect(s.seed).toBe(42);
    expect(s.thresholds).toEqual({ excessDegradation: 5, alpha: 0.05, failOn: 'disproportionate' });
    expect(s.conditions.map((c) => c.name)).toEqual([
      'hum',
      'babble@snr=20',
      'babble@snr=10',
      'range',
    ]);
    const hum = s.conditions[0].chain[0];
    expect(hum.settings.fundamental).toEqual({ kind: 'fixed', value: 50 });
    expect(hum.settings.level).toEqual({ kind: 'fixed', value: -30 });
    expect(hum.settings.harmonics).toEqual({ kind: 'fixed', value: 5 }); // default filled in
    expect(s.conditions[1].sweep).toEqual({ base: 'babble', values: { snr: 20 } });
    expect(s.conditions[2].chain[0].settings.snr).toEqual({ kind: 'fixed', value: 10 });
    expect(s.conditions[2].chain[0].settings.color).toEqual({
      kind: 'oneOf',
      values: ['pink', 'brown'],
    });
    expect(s.conditions[3].chain[0].settings.snr).toEqual({ kind: 'range', min: 5, max: 15 });
    expect(s.conditions[0].chain[0].position).toEqual({ file: 'ward.yaml', line: 6, column: 9 });
  });

  it('reports every problem at file:line:column with the nearest valid name', () => {
    expect(
      errorsOf(`name: broken
conditons: []
conditions:
  - name: a
    chain:
      - humm: { fundamental: 60 }
      - noise: { colour: pink, snr: 200 }
      - hum: { harmonics: 2.5, level: -30 }
      - bandpass: { low: 4kHz, high: 3kHz }
      - noise: { snr: 12 parsecs }
  - name: b
    sweep: { snr: [10, 500] }
    chain:
      - noise: { snr: $snrr }
      - noise: { snr: $snr }
`),
    ).toEqual([
      'test.yaml:2:1 conditons: unknown key "conditons" (did you mean "conditions"?); expected name, description, seed, conditions, thresholds, keywords, allowFilesOutside',
      `test.yaml:6:9 conditions[0].chain[0].humm: unknown perturbation "humm" (did you mean "hum"?); known: ${perturbationNames().join(', ')}`,
      `test.yaml:7:18 conditions[0].chain[1].noise.colour: unknown parameter "colour" of noise (did you mean "color"?); known: ${Object.keys(getPerturbation('noise').params).join(', ')}`,
      'test.yaml:7:37 conditions[0].chain[1].noise.snr: must be within [-20, 80] dB, got 200 dB',
      'test.yaml:8:27 conditions[0].chain[2].hum.harmonics: must be a whole number, got 2.5',
      'test.yaml:9:19 conditions[0].chain[3].bandpass: low (4000 Hz) must be below high (3000 Hz)',
      'test.yaml:10:23 conditions[0].chain[4].noise.snr: expected a quantity in dB (a number, or with "db"), got "12 parsecs"; write 12 for 12 dB',
      'test.yaml:12:24 conditions[1].sweep.snr[1]: must be within [-20, 80] dB, got 500 dB (as noise.snr)',
      'test.yaml:14:23 conditions[1].chain[0].noise.snr: "$snrr" is not a sweep variable of this condition (did you mean "snr"?); sweep has snr',
    ]);
  });

  it("asks for exactly one of two alternatives, and parses a wrapper's inner step like a chain step", () => {
    expect(
      errorsOf(`name: alternatives
conditions:
  - name: a
    chain:
      - noise: { color: pink }
      - hum: { level: -30, snr: 10 }
      - clipping: { level: -6, percentile: 99 }
      - intermittent: { step: { noise: { snr: 5, colr: pink } } }
      - intermittent: { step: { intermittent: { step: { noise: { snr: 5 } } } } }
`),
    ).toEqual([
      'test.yaml:5:16 conditions[0].chain[0].noise: give snr (dB) or level (dBFS)',
      'test.yaml:6:14 conditions[0].chain[1].hum: give level or snr, not both',
      'test.yaml:7:19 conditions[0].chain[2].clipping: give level or percentile, not both',
      'test.yaml:8:50 conditions[0].chain[3].intermittent.step.noise.colr: unknown parameter "colr" of noise (did you mean "color"?); known: color, file, crossfade, snr, level, reference',
      'test.yaml:9:31 conditions[0].chain[4].intermittent.step: intermittent cannot be nested inside another step',
    ]);
  });

  it('locates YAML syntax errors', () => {
    const [first] = errorsOf(
      'name: x\nconditions:\n  - name: a\n    chain: [ { noise: { snr: 1 }\n',
    );
    expect(first).toMatch(/^test\.yaml:5:1 YAML syntax: /);
  });

  it('names missing keys and reserves "clean"', () => {
    expect(
      errorsOf('name: x\nconditions:\n  - name: clean\n    chain: [ { gain: { db: 1 } } ]\n'),
    ).toEqual([
      'test.yaml:3:11 conditions[0].name: "clean" is the implicit baseline; choose another name',
    ]);
    expect(errorsOf('name: x\n')).toEqual(['test.yaml:1:1 missing required key "conditions"']);
  });

  it('accepts every built-in scenario', () => {
    for (const file of readdirSync('scenarios').filter((f) => f.endsWith('.yaml'))) {
      const s = parseScenario(readFileSync(`scenarios/${file}`, 'utf8'), file);
      expect(s.conditions.length).toBeGreaterThan(0);
    }
  });

  it(`${SCENARIO_SCHEMA_PATH} is up to date (run \`lastmile schema --write\`)`, () => {
    expect(readFileSync(SCENARIO_SCHEMA_PATH, 'utf8')).toBe(scenarioSchemaText());
  });
});
