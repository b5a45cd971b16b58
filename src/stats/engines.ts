import type { EngineDifference } from '../report/summary-schema.js';
import type { Rng } from '../rng.js';
import type { Scored } from './aggregate.js';
import { addUtterance, type MutableCounts, sumCounts, werOf, zeroCounts } from './counts.js';
import { quantiles } from './quantile.js';

export const ALL_GROUPS = '(all)';

interface Pair {
  readonly group: string;
  readonly a: MutableCounts;
  readonly b: MutableCounts;
}

/**
 * WER(engine A) − WER(engine B) on the same clips (scored for both), per group and for all
 * groups together, with a speaker bootstrap stratified by group (the same speakers are drawn
 * for both engines, so the comparison stays paired).
 */
export function engineDifferences(
  scored: Scored,
  resamples: number,
  alpha: number,
  rngFor: (a: string, b: string, condition: string) => Rng,
): EngineDifference[] {
  const engines = [...scored.units.keys()].sort();
  const out: EngineDifference[] = [];
  for (let x = 0; x < engines.length; x++) {
    for (let y = x + 1; y < engines.length; y++) {
      const ea = engines[x];
      const eb = engines[y];
      const byA = scored.units.get(ea)!;
      const byB = scored.units.get(eb)!;
      for (const [condition, clipsA] of byA) {
        const clipsB = byB.get(condition);
        if (!clipsB) continue;
        const speakers = new Map<string, Pair>();
        for (const ua of clipsA.values()) {
          const ub = clipsB.get(ua.clip);
          if (!ua.score || !ub?.score) continue;
          const key = `${ua.group}\u0000${ua.speaker}`;
          let s = speakers.get(key);
          if (!s) {
            s = { group: ua.group, a: zeroCounts(), b: zeroCounts() };
            speakers.set(key, s);
          }
          addUtterance(s.a, ua.score);
          addUtterance(s.b, ub.score);
        }
        if (speakers.size === 0) continue;
        out.push(...compare(ea, eb, condition, [...speakers.values()], resamples, alpha, rngFor));
      }
    }
  }
  return out;
}

function compare(
  ea: string,
  eb: string,
  condition: string,
  speakers: Pair[],
  resamples: number,
  alpha: number,
  rngFor: (a: string, b: string, condition: string) => Rng,
): EngineDifference[] {
  const groups = [...new Set(speakers.map((s) => s.group))].sort();
  const members = groups.map((g) => speakers.filter((s) => s.group === g));
  const rng = rngFor(ea, eb, condition);
  const reps = groups.map(() => new Float64Array(resamples));
  const all = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let ta = 0;
    let tb = 0;
    let tw = 0;
    for (let k = 0; k < groups.length; k++) {
      const m = members[k];
      let sa = 0;
      let sb = 0;
      let sw = 0;
      for (let d = 0; d < m.length; d++) {
        const s = m[rng.int(m.length)];
        sa += s.a.errors;
        sb += s.b.errors;
        sw += s.a.refWords;
      }
      reps[k][r] = (sa - sb) / sw;
      ta += sa;
      tb += sb;
      tw += sw;
    }
    all[r] = (ta - tb) / tw;
  }
  const probs = [alpha / 2, 1 - alpha / 2];
  const row = (group: string, list: Pair[], boot: Float64Array): EngineDifference => {
    const a = sumCounts(list.map((s) => s.a));
    const b = sumCounts(list.map((s) => s.b));
    const wa = werOf(a);
    const wb = werOf(b);
    const [lo, hi] = quantiles(boot, probs);
    return {
      engineA: ea,
      engineB: eb,
      condition,
      group,
      speakers: list.length,
      clips: a.utterances,
      a,
      b,
      difference: {
        value: wa === null || wb === null ? null : wa - wb,
        ci: Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null,
      },
    };
  };
  const rows = groups.map((g, k) => row(g, members[k], reps[k]));
  const total = row(ALL_GROUPS, speakers, all);
  return [total, ...rows];
}
