import type { Cluster } from './aggregate.js';
import type { CellUnits } from './cell-units.js';
import { cellVerdict } from './cell-verdict.js';
import { meanUtteranceWer, sumCounts, werOf } from './counts.js';
import type { Contrast, OwnRatio } from './excess.js';
import { estimateWithInterval } from './interval.js';
import { powerAt } from './power.js';
import { median } from './quantile.js';
import type { InteractionEstimate } from './ratio-of-ratios.js';
import type { GroupResult } from './summary-schema.js';

/** Everything computed for one cell, per local group k. */
export interface CellFigures {
  readonly cell: CellUnits;
  readonly excess: Contrast[];
  readonly cleanGap: Contrast[];
  readonly wer: OwnRatio[];
  readonly baseWer: OwnRatio[];
  readonly degradation: OwnRatio[];
  readonly relative: OwnRatio[];
  /** Degradation against all groups pooled (descriptive). */
  readonly pooledDegradation: number;
  readonly bestDegradation: number;
  readonly tests: ({ statistic: number; df: number; p: number; pAdjusted: number } | null)[];
  readonly models: (InteractionEstimate | null)[];
  readonly modelHolm: (number | null)[];
}

export interface Settings {
  readonly alpha: number;
  /** WER points. */
  readonly threshold: number;
  readonly minSpeakers: number;
  readonly minRefWords: number;
  readonly baseline: string;
  readonly criticalP: number;
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** One group's row of summary.json in one cell. */
export function groupResult(f: CellFigures, k: number, s: Settings): GroupResult {
  const { cell } = f;
  const { data } = cell;
  const group = cell.groups[k];
  const speakers = [...data.speakers.values()]
    .filter((x) => x.group === group)
    .sort((a, b) => (a.speaker < b.speaker ? -1 : a.speaker > b.speaker ? 1 : 0));
  const cov = data.coverage.get(group)!;
  const condition = sumCounts(speakers.map((x) => x.condition));
  const base = data.isBaseline ? null : sumCounts(speakers.map((x) => x.baseline!));
  const hasDeg = !data.isBaseline && data.hasBaseline && condition.refWords > 0;
  const inf = inference(f, k, s, hasDeg);
  const incomplete = cov.errored > 0 || cov.baselineMissing > 0;
  const coverageNote = incomplete
    ? `; coverage incomplete: ${cov.scored} of ${cov.units} units scored (${cov.errored} errored, ${cov.baselineMissing} without a baseline)`
    : '';
  const a = s.alpha;
  const assessableGroups = cell.assessable.filter(Boolean).length;
  return {
    group,
    speakers: cell.speakersPerGroup[k],
    coverage: { ...cov, complete: !incomplete },
    baseline: base,
    condition,
    wer: own(f.wer[k], a),
    baselineWer: data.isBaseline ? null : own(f.baseWer[k], a),
    speakerMeanWer: {
      baseline: base ? speakerMean(speakers, (x) => x.baseline!) : null,
      condition: speakerMean(speakers, (x) => x.condition),
    },
    meanUtteranceWer: {
      baseline: base ? meanUtteranceWer(base) : null,
      condition: meanUtteranceWer(condition),
    },
    speakerWer: speakerSpread(speakers),
    degradation: hasDeg ? own(f.degradation[k], a) : null,
    relativeDegradation: hasDeg && f.baseWer[k].value > 0 ? own(f.relative[k], a) : null,
    restDegradation: hasDeg ? finite(f.excess[k].rest) : null,
    excess: inf.excess,
    excessVsPooled: hasDeg
      ? { value: finite(f.degradation[k].value - f.pooledDegradation), ci: null }
      : null,
    gapToBest:
      hasDeg && cell.assessable[k] && assessableGroups >= 2
        ? { value: finite(f.degradation[k].value - f.bestDegradation), ci: null }
        : null,
    cleanGap: data.hasBaseline
      ? estimateWithInterval(f.cleanGap[k].value, f.cleanGap[k].se, f.cleanGap[k].df, a)
      : null,
    test: inf.test,
    model: inf.model,
    power: inf.power,
    verdict: inf.verdict,
    reason: inf.reason + coverageNote,
    perSpeaker: speakers.map((x) => ({
      speaker: x.speaker,
      baseline: x.baseline,
      condition: x.condition,
    })),
  };
}

/** The excess with its interval, the test, the model, the power and the verdict they give. */
function inference(f: CellFigures, k: number, s: Settings, hasDeg: boolean) {
  const { cell } = f;
  const a = s.alpha;
  const inFamily = cell.tested && cell.assessable[k];
  const test = f.tests[k];
  const e = f.excess[k];
  const excess = hasDeg ? estimateWithInterval(e.value, e.se, e.df, a) : null;
  const { verdict, reason, rejected, mde } = cellVerdict(cell, k, e, excess, test ?? null, {
    ...s,
    minUnits: s.minRefWords,
  });
  const model = f.models[k];
  const modelHolm = f.modelHolm[k];
  return {
    excess,
    verdict,
    reason,
    test: test && inFamily ? { ...test, rejected } : null,
    model: model
      ? {
          ratio: model.ratio,
          ci: model.ci,
          se: model.se,
          df: model.df,
          p: model.p,
          pHolm: modelHolm,
          rejected: modelHolm !== null && modelHolm <= a,
          note: model.note,
        }
      : null,
    power: inFamily
      ? {
          mde: finite(mde),
          power: finite(powerAt(s.threshold / 100, e.se, e.df, s.criticalP)),
          criticalP: s.criticalP,
        }
      : null,
  };
}

function own(r: OwnRatio, alpha: number) {
  return estimateWithInterval(r.value, r.se, r.df, alpha);
}

function speakerMean(speakers: readonly Cluster[], pick: (c: Cluster) => Cluster['condition']) {
  const wers = speakers.map((x) => werOf(pick(x))).filter((w): w is number => w !== null);
  return wers.length ? wers.reduce((t, w) => t + w, 0) / wers.length : null;
}

function speakerSpread(speakers: readonly Cluster[]) {
  const wers = speakers
    .map((x) => werOf(x.condition))
    .filter((w): w is number => w !== null)
    .sort((x, y) => x - y);
  return { min: wers[0] ?? null, median: median(wers), max: wers.at(-1) ?? null };
}
