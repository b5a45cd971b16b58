import { UserError } from '../errors.js';
import type { SeededConditions } from '../perturbation/chain.js';
import type { ParamSetting } from '../perturbation/params.js';
import { type CodecBackend, type CodecName, checkCodecs, codecBackends } from './index.js';

/** Codec names a chain step's settings can take (a `codec` step, or one nested in a step). */
function codecsOf(
  kind: string,
  settings: Readonly<Record<string, ParamSetting>>,
  out: Set<string>,
) {
  for (const s of Object.values(settings)) if (s.kind === 'step') codecsOf(s.name, s.settings, out);
  if (kind !== 'codec') return;
  const name = settings.name;
  if (!name) out.add('g711-ulaw');
  else if (name.kind === 'fixed') out.add(String(name.value));
  else if (name.kind === 'oneOf') for (const v of name.values) out.add(String(v));
}

/** Every codec a scenario's conditions may run. */
export function codecsNeeded(scenario: Pick<SeededConditions, 'conditions'>): string[] {
  const out = new Set<string>();
  for (const c of scenario.conditions)
    for (const step of c.chain) codecsOf(step.perturbation.name, step.settings, out);
  return [...out].sort();
}

/**
 * A sentence per codec the scenario needs that cannot run on this machine — for `validate`
 * and `run` to report before any audio is processed.
 */
export function checkScenarioCodecs(
  scenario: Pick<SeededConditions, 'conditions'>,
): Promise<string[]> {
  return checkCodecs(codecsNeeded(scenario));
}

/**
 * Backend and version of every codec the scenarios need, for run.json and the run's
 * fingerprint; a user error listing every codec that cannot load here, before any audio is
 * processed.
 */
export async function scenarioCodecBackends(
  scenarios: readonly Pick<SeededConditions, 'file' | 'conditions'>[],
): Promise<CodecBackend[]> {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const s of scenarios) {
    const needed = codecsNeeded(s);
    for (const n of needed) names.add(n);
    for (const p of await checkCodecs(needed)) problems.push(`${s.file}: ${p}`);
  }
  if (problems.length) throw new UserError(problems.join('\n'));
  return codecBackends([...names].sort() as CodecName[]);
}
