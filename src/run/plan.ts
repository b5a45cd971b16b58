import type { Clip } from '../corpus/types.js';
import { CLEAN, type Condition } from '../perturbation/chain.js';
import type { Scenario } from '../scenario/types.js';

/** One condition of the run, with the scenario it came from (clean belongs to none). */
export interface PlannedCondition {
  /** The name used in unit keys and rows: `cond`, or `scenario/cond` when a run has several scenarios. */
  readonly name: string;
  readonly condition: Condition;
  readonly scenario?: Scenario;
}

/**
 * The run's conditions: the clean baseline once, then every scenario's conditions in file
 * order. With more than one scenario, names are prefixed `scenario/` so two scenarios may
 * both have a `babble` condition without their units colliding.
 */
export function planConditions(scenarios: readonly Scenario[]): PlannedCondition[] {
  const prefix = scenarios.length > 1;
  const planned: PlannedCondition[] = [{ name: CLEAN.name, condition: CLEAN }];
  for (const scenario of scenarios) {
    for (const condition of scenario.conditions) {
      planned.push({
        name: prefix ? `${scenario.name}/${condition.name}` : condition.name,
        condition,
        scenario,
      });
    }
  }
  const seen = new Set<string>();
  for (const p of planned) {
    if (seen.has(p.name))
      throw new Error(`duplicate condition ${p.name} (two scenarios with the same name?)`);
    seen.add(p.name);
  }
  return planned;
}

/** The key of one work unit, as in UtteranceRow.unit. */
export function unitKey(condition: string, engine: string, clipId: string): string {
  return `${condition}|${engine}|${clipId}`;
}

/**
 * The first `limit` clips taken round-robin over the groups (by the `groupBy` label, in order
 * of first appearance), so a small run still covers every group. Order within a group keeps
 * the manifest's. Deterministic: the same manifest and limit give the same clips.
 */
export function limitClips(
  clips: readonly Clip[],
  limit: number | undefined,
  groupBy: string | undefined,
): Clip[] {
  if (limit === undefined || limit >= clips.length) return [...clips];
  const groups = new Map<string, Clip[]>();
  for (const clip of clips) {
    const g = (groupBy && clip.labels[groupBy]) || '';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(clip);
  }
  const queues = [...groups.values()];
  const picked: Clip[] = [];
  for (let i = 0; picked.length < limit; i++) {
    for (const q of queues) {
      if (i < q.length && picked.length < limit) picked.push(q[i]);
    }
  }
  return picked;
}
