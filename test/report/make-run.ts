import { resolve } from 'node:path';
import { lastmile } from '../helpers/cli.js';
import { BUNDLED } from '../helpers/corpus.js';

/** The `file:` TEST ENGINE that plants a disproportionate group (see its header). */
export const TEST_ENGINE = resolve('test/report/fixtures/degrade-group-engine.mjs');
/** Hum and a two-point pink-noise sweep: cheap to perturb, real audio. */
export const LIGHT_SCENARIO = resolve('test/report/fixtures/light.yaml');

export interface TestRunOptions {
  /** Extra drop rate for `group` under every perturbed condition (0: no planted effect). */
  readonly extra?: number;
  readonly group?: string;
  /** Changes the engine's random draws: two salts = two runs that differ by chance alone. */
  readonly salt?: string;
  /** Every n-th engine call fails (planted engine faults). */
  readonly failEvery?: number;
  readonly outputs?: readonly string[];
  readonly extraArgs?: readonly string[];
  /** Scenario file (default: the light scenario). */
  readonly scenario?: string;
}

/**
 * A real `lastmile run` (compiled CLI) over the bundled corpus — 240 real clips, four groups of
 * ten speakers — perturbed by the light scenario and transcribed by the test engine.
 */
export function testRun(out: string, o: TestRunOptions = {}) {
  return lastmile([
    'run',
    o.scenario ?? LIGHT_SCENARIO,
    '--corpus',
    BUNDLED,
    '--engine',
    `file:${TEST_ENGINE}`,
    '--engine-config',
    `manifest=${BUNDLED}`,
    '--engine-config',
    `group=${o.group ?? 'synthetic/th-stopping'}`,
    '--engine-config',
    `extra=${o.extra ?? 0}`,
    '--engine-config',
    `salt=${o.salt ?? ''}`,
    '--engine-config',
    `failEvery=${o.failEvery ?? 0}`,
    '--out',
    out,
    '--no-cache',
    '--progress',
    'none',
    ...(o.outputs ?? []).flatMap((x) => ['--output', x]),
    ...(o.extraArgs ?? []),
  ]);
}
