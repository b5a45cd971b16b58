import type { Cell, SweepCurve, Trend } from './summary-schema.js';

/**
 * Per-group WER and excess curves over each swept condition family, with the trend test of
 * each group when one was run (`trends` keyed by engine, sweep base and group).
 */
export function sweepCurves(
  cells: readonly Cell[],
  trends: ReadonlyMap<string, Trend>,
): SweepCurve[] {
  const curves: SweepCurve[] = [];
  for (const list of sweepFamilies(cells).values()) {
    const parameters = [...new Set(list.flatMap((c) => Object.keys(c.sweep!.values)))].sort();
    const groups = [...new Set(list.flatMap((c) => c.groups.map((g) => g.group)))].sort();
    const { engine, sweep } = list[0];
    curves.push({
      engine,
      base: sweep!.base,
      parameters,
      groups: groups.map((group) => ({
        group,
        points: list.flatMap((c) => {
          const g = c.groups.find((x) => x.group === group);
          if (!g) return [];
          const est = (e: { value: number | null; ci: [number, number] | null } | null) =>
            e ? { value: e.value, ci: e.ci } : null;
          return [
            {
              condition: c.condition,
              values: c.sweep!.values,
              wer: est(g.wer)!,
              degradation: est(g.degradation),
              excess: est(g.excess),
            },
          ];
        }),
        trend: trends.get(trendKey(engine, sweep!.base, group)) ?? null,
      })),
    });
  }
  return curves;
}

export const trendKey = (engine: string, base: string, group: string) =>
  `${engine}\u0000${base}\u0000${group}`;

/** Cells of each engine × sweep base, in the order the cells come (the run's planned order). */
export function sweepFamilies<C extends Pick<Cell, 'engine' | 'sweep'>>(
  cells: readonly C[],
): Map<string, C[]> {
  const families = new Map<string, C[]>();
  for (const cell of cells) {
    if (!cell.sweep) continue;
    const key = `${cell.engine}\u0000${cell.sweep.base}`;
    const list = families.get(key) ?? [];
    list.push(cell);
    families.set(key, list);
  }
  return families;
}
