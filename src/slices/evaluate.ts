import { tQuantile, tToZ, tUpper } from '../stats/distributions.js';
import { ratioVarianceOf, welchDf } from '../stats/ratio.js';
import type { SliceSpace } from './space.js';

/** One predicate: attribute index = value index (both into the space). */
export type Predicate = readonly [attribute: number, value: number];

/** A slice: predicates sorted by attribute, at most one per attribute. */
export type Slice = readonly Predicate[];

export interface SupportRule {
  /** Speakers the slice (and the rest of its context) needs. */
  readonly minSpeakers: number;
  /** Reference words the slice (and the rest) needs. */
  readonly minWords: number;
}

/**
 * A slice's figures against the rest of its context: the other speakers' units under the same
 * condition, engine, etc. Rates are Σ d / Σ w over speakers (clusters); the standard error is
 * the delta-method one of src/stats/ratio.ts on independent speakers (slice and rest share
 * none), with Welch df, as the verdict's contrast.
 */
export interface SliceFigures {
  readonly speakers: number;
  readonly words: number;
  readonly restSpeakers: number;
  readonly restWords: number;
  readonly rate: number;
  readonly restRate: number;
  readonly excess: number;
  readonly se: number;
  readonly df: number;
  readonly t: number;
  /** One-sided p of "the slice fares worse than the rest" (t with Welch df). */
  readonly p: number;
  /** Two-sided 1 − α t interval of the excess. */
  readonly ci: readonly [number, number];
}

interface Context {
  readonly speakers: Int32Array;
  readonly d: Float64Array;
  readonly w: Float64Array;
  /** Per speaker: largest unit ratio d/w, sum of positive d (for SliceLine-style bounds). */
  readonly maxRatio: Float64Array;
  readonly posSum: Float64Array;
  /** Over the whole context: smallest unit ratio, sum of negative d. */
  readonly minRatio: number;
  readonly negSum: number;
}

/**
 * Scores slices, with a speaker mask (the discovery or confirmation half) and a relabelling
 * of speakers (`perm[s]`: whose labels speaker s carries — the permutation null).
 */
export class SliceEvaluator {
  private readonly contexts = new Map<string, Context | null>();

  constructor(
    readonly space: SliceSpace,
    readonly alpha: number,
  ) {}

  isSpeakerPredicate(p: Predicate): boolean {
    return this.space.attributes[p[0]].kind === 'speaker';
  }

  /** The context's per-speaker sums (cached; null when no unit matches). */
  context(slice: Slice): Context | null {
    const items = slice.filter((p) => !this.isSpeakerPredicate(p));
    const key = items.map((p) => p.join('=')).join('&');
    const cached = this.contexts.get(key);
    if (cached !== undefined) return cached;
    const { unitSpeaker, unitD, unitW, unitValue, speakers } = this.space;
    const n = speakers.length;
    const d = new Float64Array(n);
    const w = new Float64Array(n);
    const maxRatio = new Float64Array(n).fill(-Infinity);
    const posSum = new Float64Array(n);
    const present = new Uint8Array(n);
    let minRatio = Infinity;
    let negSum = 0;
    const columns = items.map(([a, v]) => [unitValue.get(a)!, v] as const);
    for (let i = 0; i < unitSpeaker.length; i++) {
      if (!columns.every(([col, v]) => col[i] === v)) continue;
      const s = unitSpeaker[i];
      present[s] = 1;
      d[s] += unitD[i];
      w[s] += unitW[i];
      const r = unitD[i] / unitW[i];
      if (r > maxRatio[s]) maxRatio[s] = r;
      if (r < minRatio) minRatio = r;
      if (unitD[i] > 0) posSum[s] += unitD[i];
      else negSum += unitD[i];
    }
    const idx = Int32Array.from([...present.keys()].filter((s) => present[s]));
    const ctx: Context | null = idx.length
      ? {
          speakers: idx,
          d: Float64Array.from(idx, (s) => d[s]),
          w: Float64Array.from(idx, (s) => w[s]),
          maxRatio: Float64Array.from(idx, (s) => maxRatio[s]),
          posSum: Float64Array.from(idx, (s) => posSum[s]),
          minRatio,
          negSum,
        }
      : null;
    this.contexts.set(key, ctx);
    return ctx;
  }

  private inGroup(slice: Slice, s: number, perm?: Int32Array): boolean {
    const who = perm ? perm[s] : s;
    for (const [a, v] of slice) {
      const col = this.space.speakerValue.get(a);
      if (col && col[who] !== v) return false;
    }
    return true;
  }

  /** Speakers and words of the slice's context and of its group (support counting). */
  support(
    slice: Slice,
    mask?: Uint8Array,
  ): { speakers: number; words: number; ctxSpeakers: number; ctxWords: number } {
    const ctx = this.context(slice);
    let speakers = 0;
    let words = 0;
    let ctxSpeakers = 0;
    let ctxWords = 0;
    if (!ctx) return { speakers, words, ctxSpeakers, ctxWords };
    const hasGroup = slice.some((p) => this.isSpeakerPredicate(p));
    for (let j = 0; j < ctx.speakers.length; j++) {
      const s = ctx.speakers[j];
      if (mask && !mask[s]) continue;
      ctxSpeakers++;
      ctxWords += ctx.w[j];
      if (!hasGroup || this.inGroup(slice, s)) {
        speakers++;
        words += ctx.w[j];
      }
    }
    return { speakers, words, ctxSpeakers, ctxWords };
  }

  /**
   * An upper bound on the excess of every slice that adds predicates to this one (whose units
   * are a subset of this slice's, and whose rest is drawn from this slice's context), given
   * that slice and rest each keep `minWords` words: the slice rate is at most its largest unit
   * ratio and at most Σ d⁺ / minWords; the rest rate at least the context's smallest unit
   * ratio and at least Σ d⁻ / minWords. As SliceLine bounds its score by size and error sums.
   */
  upperBound(slice: Slice, minWords: number, mask?: Uint8Array): number {
    const ctx = this.context(slice);
    if (!ctx) return -Infinity;
    let maxRatio = -Infinity;
    let pos = 0;
    for (let j = 0; j < ctx.speakers.length; j++) {
      const s = ctx.speakers[j];
      if ((mask && !mask[s]) || !this.inGroup(slice, s)) continue;
      if (ctx.maxRatio[j] > maxRatio) maxRatio = ctx.maxRatio[j];
      pos += ctx.posSum[j];
    }
    const top = Math.min(maxRatio, pos / minWords);
    const bottom = Math.max(ctx.minRatio, ctx.negSum / minWords);
    return top - bottom;
  }

  /** The slice against the rest of its context; null when a side lacks support. */
  evaluate(
    slice: Slice,
    rule: SupportRule,
    mask?: Uint8Array,
    perm?: Int32Array,
  ): SliceFigures | null {
    const r = this.sums(slice, mask, perm);
    if (!r) return null;
    const { g, rest } = r;
    if (g[0] < rule.minSpeakers || rest[0] < rule.minSpeakers) return null;
    if (g[2] < rule.minWords || rest[2] < rule.minWords) return null;
    const vg = ratioVarianceOf(g[0], g[1], g[2], g[3], g[4], g[5]);
    const vr = ratioVarianceOf(rest[0], rest[1], rest[2], rest[3], rest[4], rest[5]);
    const rate = g[1] / g[2];
    const restRate = rest[1] / rest[2];
    const excess = rate - restRate;
    const se = Math.sqrt(vg + vr);
    const df = welchDf(vg, g[0], vr, rest[0]);
    const t = se > 0 ? excess / se : excess > 0 ? Infinity : excess < 0 ? -Infinity : 0;
    const q = tQuantile(1 - this.alpha / 2, df);
    return {
      speakers: g[0],
      words: g[2],
      restSpeakers: rest[0],
      restWords: rest[2],
      rate,
      restRate,
      excess,
      se,
      df,
      t,
      p: tUpper(t, df),
      ci: [excess - q * se, excess + q * se],
    };
  }

  /**
   * The studentized excess on the normal scale (for the max-statistic), −∞ when a side has
   * fewer than two speakers. The permutation applies only the count rule: a support rule on
   * permuted words would make the family itself depend on the relabelling.
   */
  z(slice: Slice, perm: Int32Array): number {
    const r = this.sums(slice, undefined, perm);
    if (!r || r.g[0] < 2 || r.rest[0] < 2 || !(r.g[2] > 0) || !(r.rest[2] > 0)) return -Infinity;
    const { g, rest } = r;
    const vg = ratioVarianceOf(g[0], g[1], g[2], g[3], g[4], g[5]);
    const vr = ratioVarianceOf(rest[0], rest[1], rest[2], rest[3], rest[4], rest[5]);
    const x = g[1] / g[2] - rest[1] / rest[2];
    const se = Math.sqrt(vg + vr);
    if (!(se > 0)) return x > 0 ? Infinity : -Infinity;
    return tToZ(x / se, welchDf(vg, g[0], vr, rest[0]));
  }

  private sums(
    slice: Slice,
    mask?: Uint8Array,
    perm?: Int32Array,
  ): { g: number[]; rest: number[] } | null {
    const ctx = this.context(slice);
    if (!ctx) return null;
    const g = [0, 0, 0, 0, 0, 0];
    const rest = [0, 0, 0, 0, 0, 0];
    for (let j = 0; j < ctx.speakers.length; j++) {
      const s = ctx.speakers[j];
      if (mask && !mask[s]) continue;
      const acc = this.inGroup(slice, s, perm) ? g : rest;
      const d = ctx.d[j];
      const w = ctx.w[j];
      acc[0]++;
      acc[1] += d;
      acc[2] += w;
      acc[3] += d * d;
      acc[4] += d * w;
      acc[5] += w * w;
    }
    return { g, rest };
  }
}
