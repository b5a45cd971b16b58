import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { limitClips } from '../corpus/limit.js';
import { loadCorpus } from '../corpus/load.js';
import type { Clip, Corpus } from '../corpus/types.js';
import { UserError } from '../errors.js';
import { CLEAN, type Condition } from '../perturbation/chain.js';
import { DEFAULT_MINIMUM, DEFAULT_THRESHOLDS, type Thresholds } from '../results/defaults.js';
import { runFolder } from '../results/folder.js';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { type KeywordList, runKeywordList } from '../scoring/keywords.js';
import { getNormalizer } from '../scoring/normalize.js';
import { groupLabel } from '../text/group-label.js';
import type { RunConfig } from './config.js';
import { clipsOfShard, type Shard } from './shard.js';

/** One condition of the run, with the scenario it came from (clean belongs to none). */
export interface PlannedCondition {
  /** The name used in unit keys and rows: `cond`, or `scenario/cond` when a run has several scenarios. */
  readonly name: string;
  readonly condition: Condition;
  readonly scenario?: Scenario;
}

/** A group of the selection too small for a verdict, and what it has. */
export interface ShortGroup {
  readonly group: string;
  readonly speakers: number;
  readonly refWords: number;
}

/** What a run will do, known before any audio is read or engine started. */
export interface RunPlan {
  readonly corpus: Corpus;
  readonly scenarios: readonly Scenario[];
  /** The clips this session runs: the selection (`--limit` applied), then this shard's slice. */
  readonly clips: readonly Clip[];
  /** Clips in the whole selection (every shard's together). */
  readonly selected: number;
  /** This run's slice of the selection (`--shard i/N`), when it is one. */
  readonly shard?: Shard;
  readonly conditions: readonly PlannedCondition[];
  readonly thresholds: Thresholds;
  /** True when the output folder already holds rows (the run resumes). */
  readonly resuming: boolean;
  /** Groups that cannot reach a verdict with this selection (said before the run starts). */
  readonly shortGroups: readonly ShortGroup[];
  /** The suite's or scenarios' keyword list, read before any audio. */
  readonly keywords?: KeywordList;
}

/** Loads the corpus and scenarios and settles what the run covers; writes nothing. */
export async function planRun(config: RunConfig): Promise<RunPlan> {
  const corpus = await loadCorpus(config.corpus, {
    skipBad: config.skipBad,
    groupBy: config.groupBy,
  });
  const scenarios = await Promise.all(config.scenarios.map((file) => loadScenario(file)));
  const names = new Set<string>();
  for (const s of scenarios) {
    if (names.has(s.name))
      throw new UserError(
        `two scenarios are named "${s.name}"; scenario names must differ within a run`,
      );
    names.add(s.name);
  }
  const selection = limitClips(corpus.clips, config.limit, config.groupBy);
  const keywords = await runKeywordList(
    config.keywords,
    scenarios.map((s) => s.keywords),
  );
  return {
    corpus,
    scenarios,
    clips: clipsOfShard(selection, config.shard),
    selected: selection.length,
    ...(config.shard && { shard: config.shard }),
    conditions: planConditions(scenarios),
    thresholds: {
      ...(scenarios[0]?.thresholds ?? DEFAULT_THRESHOLDS),
      ...config.thresholds,
    },
    resuming: existsSync(runFolder(resolve(config.out)).utterances),
    // Over the whole selection: a shard's slice is never analysed alone.
    shortGroups: shortGroups(selection, config.groupBy),
    ...(keywords && { keywords }),
  };
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

/**
 * Groups with fewer speakers or reference words than a verdict needs, counted the way the
 * statistics count them (words after the default normaliser). Every unit scored is the most
 * a cell can have, so a group short here stays short in every cell.
 */
export function shortGroups(
  clips: readonly Clip[],
  groupBy: string,
  minimum: { readonly speakers: number; readonly refWords: number } = DEFAULT_MINIMUM,
): ShortGroup[] {
  const normalizer = getNormalizer('en-basic');
  const groups = new Map<string, { speakers: Set<string>; refWords: number }>();
  for (const clip of clips) {
    const name = groupLabel(clip.labels, groupBy);
    const g = groups.get(name) ?? { speakers: new Set<string>(), refWords: 0 };
    g.speakers.add(clip.speaker);
    g.refWords += normalizer.words(clip.text).length;
    groups.set(name, g);
  }
  return [...groups]
    .map(([group, g]) => ({ group, speakers: g.speakers.size, refWords: g.refWords }))
    .filter((g) => g.speakers < minimum.speakers || g.refWords < minimum.refWords);
}
