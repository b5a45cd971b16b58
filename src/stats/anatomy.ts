import { createRng } from '../rng.js';
import type { KeywordMatcher } from '../scoring/keywords.js';
import type { CellData, Scored } from './aggregate.js';
import { type CellUnits, cellUnits, type UnitIndex } from './cell-units.js';
import { cellVerdict } from './cell-verdict.js';
import { excessByGroup, ownRatios } from './excess.js';
import { estimateWithInterval } from './interval.js';
import { permutationFamily, type TestSpec } from './permutation-test.js';
import { powerAt } from './power.js';
import { ANATOMY_METRICS, type RateMetric } from './rate-metric.js';
import type { Anatomy, AnatomyGroup, Hallucinations } from './summary-schema.js';

/** Keyword occurrences a group needs in a cell for a keyword verdict (as minRefWords for words). */
export const MIN_REF_KEYWORDS = 30;
/** Hallucination examples shown per engine × condition × group (the first by clip id). */
export const EXAMPLES = 3;

export interface AnatomyOptions {
  readonly alpha: number;
  readonly threshold: number;
  readonly minSpeakers: number;
  readonly minRefWords: number;
  readonly baseline: string;
  readonly seed: number | string;
  readonly method: 'maxT' | 'holm';
  readonly permutations?: number;
  readonly keywords?: {
    readonly matcher: KeywordMatcher;
    readonly source: string;
    readonly terms: number;
  };
}

/**
 * The error anatomy of a run: every rate of ANATOMY_METRICS through the same statistics as
 * WER (group against the rest, studentized shared permutation with max-T step-down, t
 * intervals, three verdicts with MDE), one family per metric; and hallucination counts.
 */
export function computeAnatomy(
  data: readonly CellData[],
  index: UnitIndex,
  scored: Scored,
  o: AnatomyOptions,
): Anatomy {
  const metrics: Anatomy['metrics'] = [];
  const cells: Anatomy['cells'] = [];
  for (const metric of ANATOMY_METRICS) {
    if (metric.id === 'keywords' && !o.keywords) continue;
    const minUnits = metric.id === 'keywords' ? MIN_REF_KEYWORDS : o.minRefWords;
    const units = data.map((d) => cellUnits(d, index, o.minSpeakers, minUnits, metric));
    const tests: TestSpec[] = [];
    units.forEach((c, i) => {
      if (!c.tested) return;
      c.assessable.forEach((ok, k) => {
        if (ok) tests.push({ cell: i, group: c.globalGroup[k] });
      });
    });
    const family = permutationFamily(
      {
        cells: units,
        unitGroup: index.unitGroup,
        groupCount: index.groups.size,
        tests,
        trends: [],
      },
      {
        alpha: o.alpha,
        rng: createRng('lastmile/stats', o.seed, 'anatomy', metric.id),
        method: o.method,
        ...(o.permutations !== undefined && { permutations: o.permutations }),
      },
    );
    const testOf = new Map(tests.map((t, j) => [`${t.cell}/${t.group}`, family.tests[j]]));
    metrics.push({
      id: metric.id,
      counts: metric.counts,
      per: metric.per,
      minUnits,
      tests: tests.length,
      permutations: tests.length ? family.permutations : 0,
    });
    units.forEach((cell, c) => {
      const test = (k: number) => testOf.get(`${c}/${cell.globalGroup[k]}`) ?? null;
      cells.push({
        engine: cell.data.engine,
        condition: cell.data.condition,
        isBaseline: cell.data.isBaseline,
        metric: metric.id,
        groups: groupsOf(cell, metric, test, { ...o, minUnits, criticalP: family.criticalP }),
      });
    });
  }
  return {
    metrics,
    keywords: o.keywords
      ? {
          source: o.keywords.source,
          terms: o.keywords.terms,
          unmatchable: [...o.keywords.matcher.empty],
        }
      : null,
    method:
      'each rate is errors of one kind / reference units (words; keywords for the keyword rate), summed per speaker on the paired clips, with the statistics of the WER (methods.excess, methods.interval, methods.test, methods.verdict) and the same threshold in points of that rate; one max-T family per metric, each permuted with its own seeded stream',
    cells,
    flagged: cells.flatMap((cell) =>
      cell.groups
        .filter((g) => g.verdict === 'disproportionate')
        .map((g) => ({
          engine: cell.engine,
          condition: cell.condition,
          group: g.group,
          metric: cell.metric,
          excess: g.excess!.value!,
          pAdjusted: g.test!.pAdjusted,
        })),
    ),
    hallucinations: hallucinationsOf(data, scored),
  };
}

type TestOf = (k: number) => { statistic: number; df: number; p: number; pAdjusted: number } | null;

function groupsOf(
  cell: CellUnits,
  metric: RateMetric,
  testOf: TestOf,
  o: AnatomyOptions & { minUnits: number; criticalP: number },
): AnatomyGroup[] {
  const { data } = cell;
  const rate = ownRatios(cell, (i) => cell.condErrors[i]);
  const base = ownRatios(cell, (i) => cell.baseErrors[i]);
  const deg = ownRatios(cell, (i) => cell.condErrors[i] - cell.baseErrors[i]);
  const excess = excessByGroup(cell);
  const hasBase = !data.isBaseline && data.hasBaseline;
  return cell.groups.map((group, k) => {
    let condErrors = 0;
    let baseErrors = 0;
    for (let i = 0; i < cell.unit.length; i++) {
      if (cell.groupOf[i] !== k) continue;
      condErrors += cell.condErrors[i];
      baseErrors += cell.baseErrors[i];
    }
    const inFamily = cell.tested && cell.assessable[k];
    const t = inFamily ? testOf(k) : null;
    const e = excess[k];
    const estimate =
      hasBase && cell.wordsPerGroup[k] > 0
        ? estimateWithInterval(e.value, e.se, e.df, o.alpha)
        : null;
    const { verdict, reason, rejected, mde } = cellVerdict(cell, k, e, estimate, t, o, metric.per);
    const own = (r: { value: number; se: number; df: number }) =>
      estimateWithInterval(r.value, r.se, r.df, o.alpha);
    return {
      group,
      speakers: cell.speakersPerGroup[k],
      units: cell.wordsPerGroup[k],
      errors: { baseline: hasBase ? baseErrors : null, condition: condErrors },
      rate: own(rate[k]),
      baselineRate: hasBase ? own(base[k]) : null,
      degradation: hasBase ? own(deg[k]) : null,
      excess: estimate,
      test: t ? { ...t, rejected } : null,
      power: inFamily
        ? {
            mde: Number.isFinite(mde) ? mde : null,
            power: finiteOrNull(powerAt(o.threshold / 100, e.se, e.df, o.criticalP)),
            criticalP: o.criticalP,
          }
        : null,
      verdict,
      reason,
    };
  });
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/** Hallucinated words per engine × condition × group (paired clips), with a few examples. */
function hallucinationsOf(data: readonly CellData[], scored: Scored): Hallucinations[] {
  const out: Hallucinations[] = [];
  for (const cell of data) {
    const byClip = scored.units.get(cell.engine)?.get(cell.condition);
    const groups = [...new Set([...cell.speakers.values()].map((s) => s.group))].sort();
    for (const group of groups) {
      const sums = {
        utterances: 0,
        refWords: 0,
        hallucinatedUtterances: 0,
        loopInsertions: 0,
        noSpeechInsertions: 0,
      };
      for (const s of cell.speakers.values()) {
        if (s.group !== group) continue;
        sums.utterances += s.condition.utterances;
        sums.refWords += s.condition.refWords;
        sums.hallucinatedUtterances += s.conditionKinds.hallucinatedUtterances;
        sums.loopInsertions += s.conditionKinds.loopInsertions;
        sums.noSpeechInsertions += s.conditionKinds.noSpeechInsertions;
      }
      const examples = [...(byClip?.values() ?? [])]
        .filter((u) => u.group === group && u.hallucination)
        .sort((a, b) => (a.clip < b.clip ? -1 : a.clip > b.clip ? 1 : 0))
        .slice(0, EXAMPLES)
        .map((u) => ({ clip: u.clip, speaker: u.speaker, ...u.hallucination! }));
      out.push({ engine: cell.engine, condition: cell.condition, group, ...sums, examples });
    }
  }
  return out;
}
