import { GROUP_JOINER, groupKeys } from '../text/group-label.js';
import type { CellUnits } from './cell-units.js';
import { tInterval } from './interval.js';
import { fitMultilevel } from './multilevel.js';
import { normalQuantile } from './quantile.js';
import { addCluster, emptySums, ratio, ratioVariance } from './ratio.js';
import type { Intersection } from './summary-schema.js';

/**
 * With `--group-by accent,gender`, each group is one combination of labels, and many are
 * small. Beside each combination's raw degradation (its own speakers only, t interval on
 * m − 1 df) this gives the partially pooled one of a multilevel model with main-effect and
 * intersection random effects (src/stats/multilevel.ts), which borrows from the combination's
 * margins in proportion to how little its own speakers tell. Cells below the minimum keep
 * their row, marked, never dropped.
 */
export function intersectionsOf(
  cells: readonly CellUnits[],
  groupBy: string,
  alpha: number,
): Intersection[] | undefined {
  const keys = groupKeys(groupBy);
  if (keys.length < 2) return undefined;
  return cells
    .filter((c) => !c.data.isBaseline && c.data.hasBaseline)
    .map((cell) => intersectionOf(cell, keys, alpha));
}

function intersectionOf(cell: CellUnits, keys: readonly string[], alpha: number): Intersection {
  const speakers = [...cell.data.speakers.values()].filter((s) => s.condition.refWords > 0);
  const parts = (g: string) => g.split(GROUP_JOINER);
  const values = keys.map((_, k) => [...new Set(cell.groups.map((g) => parts(g)[k]))].sort());
  const groupIndex = new Map(cell.groups.map((g, j) => [g, j]));
  const fit = fitMultilevel({
    y: Float64Array.from(
      speakers,
      (s) => (s.condition.errors - s.baseline!.errors) / s.condition.refWords,
    ),
    w: Float64Array.from(speakers, (s) => s.condition.refWords),
    levels: keys.map((_, k) =>
      Int32Array.from(speakers, (s) => values[k].indexOf(parts(s.group)[k])),
    ),
    cell: Int32Array.from(speakers, (s) => groupIndex.get(s.group)!),
  });
  const z = normalQuantile(1 - alpha / 2);
  return {
    engine: cell.data.engine,
    condition: cell.data.condition,
    keys: [...keys],
    model: fit && {
      formula: `degradation ~ 1 + ${keys.map((k) => `(1|${k})`).join(' + ')} + (1|${keys.join(':')}), weights = reference words, REML`,
      intercept: fit.intercept,
      residualSd: fit.sigma,
      sd: Object.fromEntries([...keys, keys.join(':')].map((k, i) => [k, fit.sd[i]])),
    },
    groups: cell.groups.map((group, j) => {
      const sums = emptySums();
      for (const s of speakers)
        if (s.group === group)
          addCluster(sums, s.condition.errors - s.baseline!.errors, s.condition.refWords);
      const raw = ratio(sums);
      const p = fit?.cells[j];
      return {
        group,
        speakers: sums.m,
        words: sums.b,
        assessable: cell.assessable[j],
        raw: {
          value: Number.isFinite(raw) ? raw : null,
          ci: tInterval(raw, Math.sqrt(ratioVariance(sums)), sums.m - 1, alpha),
        },
        pooled:
          p && Number.isFinite(p.estimate)
            ? {
                value: p.estimate,
                ci: [p.estimate - z * p.se, p.estimate + z * p.se] as [number, number],
              }
            : { value: null, ci: null },
      };
    }),
  };
}
