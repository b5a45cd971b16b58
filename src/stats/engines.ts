import { addUtterance, type WordCounts, zeroCounts } from '../scoring/wer.js';
import type { Scored } from './aggregate.js';
import { sumCounts, werOf } from './counts.js';
import { tCdf } from './distributions.js';
import { estimateWithInterval } from './interval.js';
import { addCluster, emptySums, ratio, ratioVariance, welchDf } from './ratio.js';
import type { DisparityDifference, EngineDifference } from './summary-schema.js';

export const ALL_GROUPS = '(all)';

interface Pair {
  readonly group: string;
  readonly a: WordCounts;
  readonly b: WordCounts;
}

/**
 * WER(engine A) − WER(engine B) on the same clips (scored for both), per group and for all
 * groups together; a t interval on the speakers' paired differences (ratio estimator,
 * df = speakers − 1).
 */
export function engineDifferences(scored: Scored, alpha: number): EngineDifference[] {
  const out: EngineDifference[] = [];
  for (const [ea, eb] of enginePairs(scored)) {
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
      const list = [...speakers.values()];
      const groups = [...new Set(list.map((s) => s.group))].sort();
      const row = (group: string, members: Pair[]): EngineDifference => {
        const a = sumCounts(members.map((s) => s.a));
        const b = sumCounts(members.map((s) => s.b));
        const sums = emptySums();
        for (const s of members) addCluster(sums, s.a.errors - s.b.errors, s.a.refWords);
        const wa = werOf(a);
        const wb = werOf(b);
        const value = wa === null || wb === null ? Number.NaN : wa - wb;
        return {
          engineA: ea,
          engineB: eb,
          condition,
          group,
          speakers: members.length,
          clips: a.utterances,
          a,
          b,
          difference: estimateWithInterval(
            value,
            Math.sqrt(ratioVariance(sums)),
            members.length - 1,
            alpha,
          ),
        };
      };
      out.push(row(ALL_GROUPS, list));
      for (const g of groups)
        out.push(
          row(
            g,
            list.filter((s) => s.group === g),
          ),
        );
    }
  }
  return out;
}

function enginePairs(scored: Scored): [string, string][] {
  const engines = [...scored.units.keys()].sort();
  const pairs: [string, string][] = [];
  for (let x = 0; x < engines.length; x++) {
    for (let y = x + 1; y < engines.length; y++) pairs.push([engines[x], engines[y]]);
  }
  return pairs;
}

/** Per speaker, on clips scored clean and perturbed by both engines. */
interface Quad {
  readonly group: string;
  words: number;
  /** Errors added by the condition, engine A and engine B. */
  dA: number;
  dB: number;
  clips: number;
}

/**
 * Difference in disparity between two engines: excess(A) − excess(B) for each group, each
 * excess against the rest, on the clips both engines scored clean and perturbed — the
 * buyer's question "which engine treats this group worse under this condition?". Standard
 * error from each speaker's influence on the difference (the same speakers and clips feed
 * both excesses), Welch df; two-sided t-test.
 */
export function disparityDifferences(
  scored: Scored,
  baseline: string,
  alpha: number,
): DisparityDifference[] {
  const out: DisparityDifference[] = [];
  for (const [ea, eb] of enginePairs(scored)) {
    const byA = scored.units.get(ea)!;
    const byB = scored.units.get(eb)!;
    const cleanA = byA.get(baseline);
    const cleanB = byB.get(baseline);
    if (!cleanA || !cleanB) continue;
    for (const [condition, clipsA] of byA) {
      const clipsB = byB.get(condition);
      if (condition === baseline || !clipsB) continue;
      const speakers = new Map<string, Quad>();
      for (const ua of clipsA.values()) {
        const ub = clipsB.get(ua.clip);
        const ca = cleanA.get(ua.clip);
        const cb = cleanB.get(ua.clip);
        if (!ua.score || !ub?.score || !ca?.score || !cb?.score) continue;
        const key = `${ua.group}\u0000${ua.speaker}`;
        let s = speakers.get(key);
        if (!s) {
          s = { group: ua.group, words: 0, dA: 0, dB: 0, clips: 0 };
          speakers.set(key, s);
        }
        s.words += ua.score.refWords;
        s.dA += ua.score.errors - ca.score.errors;
        s.dB += ub.score.errors - cb.score.errors;
        s.clips++;
      }
      const list = [...speakers.values()];
      const groups = [...new Set(list.map((s) => s.group))].sort();
      if (groups.length < 2) continue;
      for (const group of groups) out.push(disparityRow(ea, eb, condition, group, list, alpha));
    }
  }
  return out;
}

function disparityRow(
  ea: string,
  eb: string,
  condition: string,
  group: string,
  list: Quad[],
  alpha: number,
): DisparityDifference {
  const inG = list.filter((s) => s.group === group);
  const rest = list.filter((s) => s.group !== group);
  const r = (xs: Quad[], f: (s: Quad) => number) => {
    const sums = emptySums();
    for (const s of xs) addCluster(sums, f(s), s.words);
    return { rate: ratio(sums), words: sums.b };
  };
  const gA = r(inG, (s) => s.dA);
  const gB = r(inG, (s) => s.dB);
  const rA = r(rest, (s) => s.dA);
  const rB = r(rest, (s) => s.dB);
  const influence = (s: Quad, a: { rate: number; words: number }, b: typeof a) =>
    (s.dA - a.rate * s.words) / a.words - (s.dB - b.rate * s.words) / b.words;
  const variance = (xs: Quad[], a: { rate: number; words: number }, b: typeof a) => {
    if (xs.length < 2) return Number.NaN;
    let ss = 0;
    for (const s of xs) ss += influence(s, a, b) ** 2;
    return (xs.length / (xs.length - 1)) * ss;
  };
  const vg = variance(inG, gA, gB);
  const vr = variance(rest, rA, rB);
  const excessA = gA.rate - rA.rate;
  const excessB = gB.rate - rB.rate;
  const value = excessA - excessB;
  const se = Math.sqrt(vg + vr);
  const df = welchDf(vg, inG.length, vr, rest.length);
  const t = value / se;
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    engineA: ea,
    engineB: eb,
    condition,
    group,
    speakers: inG.length,
    clips: inG.reduce((n, s) => n + s.clips, 0),
    excessA: finite(excessA),
    excessB: finite(excessB),
    difference: estimateWithInterval(value, se, df, alpha),
    p: Number.isFinite(t) && df > 0 ? Math.min(1, 2 * (1 - tCdf(Math.abs(t), df))) : null,
  };
}
