import { getNormalizer, type Normalizer } from '../scoring/normalize.js';
import {
  type Confirmation,
  confirmOnHeldOut,
  maxStatisticPValues,
  splitSpeakers,
} from './error-control.js';
import {
  type Predicate,
  type Slice,
  SliceEvaluator,
  type SliceFigures,
  type SupportRule,
} from './evaluate.js';
import {
  rankByLowerBound,
  redundantOf,
  type Scored,
  type SearchCounts,
  searchSlices,
  shapleyOf,
} from './search.js';
import { buildSpace, type SliceSpace } from './space.js';
import { type SliceMetric, type SliceRow, sliceUnits } from './units.js';

export interface SlicesOptions {
  readonly metric?: SliceMetric;
  /** Predicates per slice, k (default 3). */
  readonly maxPredicates?: number;
  readonly minSpeakers?: number;
  readonly minWords?: number;
  readonly alpha?: number;
  readonly permutations?: number;
  readonly seed?: number | string;
  /** Slices listed (default 10). */
  readonly top?: number;
  /** Slices carried from the discovery half to confirmation (default 5). */
  readonly carry?: number;
  /** Redundancy tolerance, WER points (default 2). */
  readonly epsilonPoints?: number;
  readonly normalizer?: Normalizer;
  /** Attribute names to search (default all). */
  readonly attributes?: readonly string[];
  readonly baseline?: string;
}

export const SLICES_DEFAULTS = {
  metric: 'degradation' as SliceMetric,
  maxPredicates: 3,
  minSpeakers: 5,
  minWords: 200,
  alpha: 0.05,
  permutations: 1000,
  seed: 1,
  top: 10,
  carry: 5,
  epsilonPoints: 2,
};

export interface SliceFiguresJson {
  readonly speakers: number;
  readonly words: number;
  readonly restSpeakers: number;
  /** WER points (or degradation points) of the slice and of the rest of its context. */
  readonly rate: number;
  readonly restRate: number;
  readonly excess: number;
  readonly ci: readonly [number, number];
  readonly df: number;
  readonly p: number;
}

export interface SliceEntry {
  readonly rank: number;
  readonly label: string;
  readonly predicates: readonly { attribute: string; value: string }[];
  readonly figures: SliceFiguresJson;
  /** Westfall–Young max-T adjusted p over the whole family (all speakers). */
  readonly pMaxT: number;
  /** Each predicate's Shapley share of the excess, WER points. */
  readonly attribution: readonly { predicate: string; points: number }[];
  /** The same slice on the held-out half, when the discovery half carried it. */
  readonly confirmation: {
    readonly figures: SliceFiguresJson | null;
    readonly pHolm: number;
    readonly confirmed: boolean;
  } | null;
}

export interface SlicesResult {
  readonly schemaVersion: 1;
  readonly metric: SliceMetric;
  readonly settings: Required<Omit<SlicesOptions, 'normalizer' | 'attributes' | 'seed'>> & {
    readonly seed: number | string;
    readonly normalizer: string;
  };
  readonly data: {
    readonly units: number;
    readonly skippedUnits: number;
    readonly speakers: number;
  };
  readonly attributes: readonly {
    name: string;
    kind: 'speaker' | 'context';
    values: readonly string[];
  }[];
  readonly skippedAttributes: readonly { name: string; reason: string }[];
  readonly search: SearchCounts & {
    readonly family: number;
    readonly redundant: number;
    readonly permutations: number;
    /** The smallest max-T adjusted p over the whole family (listed or not). */
    readonly smallestPMaxT: number;
  };
  readonly slices: readonly SliceEntry[];
  readonly split: {
    readonly seed: number | string;
    readonly discovery: readonly string[];
    readonly confirmation: readonly string[];
    readonly rule: SupportRule;
    readonly discoverySearch: SearchCounts;
    readonly carried: readonly {
      readonly label: string;
      readonly predicates: readonly { attribute: string; value: string }[];
      readonly discovery: SliceFiguresJson;
      readonly confirmation: SliceFiguresJson | null;
      readonly pHolm: number;
      readonly confirmed: boolean;
    }[];
  };
}

type Resolved = typeof SLICES_DEFAULTS & { seed: number | string; baseline: string };

/** Worst-slice discovery over a run's rows: see docs/outside-testers.md for the method. */
export function findSlices(rows: Iterable<SliceRow>, options: SlicesOptions = {}): SlicesResult {
  const o: Resolved = {
    ...SLICES_DEFAULTS,
    baseline: 'clean',
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  };
  const normalizer = options.normalizer ?? getNormalizer('en-basic');
  const { units, skipped } = sliceUnits(rows, normalizer, o.metric, o.baseline);
  const space = buildSpace(units, options.attributes ? { only: options.attributes } : {});
  const evaluator = new SliceEvaluator(space, o.alpha);
  const rule = { minSpeakers: o.minSpeakers, minWords: o.minWords };
  const epsilon = o.epsilonPoints / 100;

  const full = searchSlices(evaluator, { maxPredicates: o.maxPredicates, rule });
  const family = full.scored.map((s) => s.slice);
  const maxT = maxStatisticPValues(evaluator, family, o.permutations, o.seed);
  const pOf = new Map(family.map((s, j) => [keyOf(s), maxT.adjusted[j]]));
  const { kept, redundant } = pruneRedundant(
    evaluator,
    rankByLowerBound(full.scored),
    epsilon,
    o.top,
  );

  const discovery = splitSpeakers(space, o.seed);
  const heldOut = Uint8Array.from(discovery, (x) => 1 - x);
  const halfRule = {
    minSpeakers: Math.max(2, Math.ceil(o.minSpeakers / 2)),
    minWords: Math.ceil(o.minWords / 2),
  };
  const found = searchSlices(evaluator, {
    maxPredicates: o.maxPredicates,
    rule: halfRule,
    mask: discovery,
    bound: { keep: 4 * o.carry },
  });
  const carried = pruneRedundant(
    evaluator,
    rankByLowerBound(found.scored),
    epsilon,
    o.carry,
    discovery,
  ).kept;
  const confirmations = confirmOnHeldOut(
    evaluator,
    carried.map((c) => c.slice),
    heldOut,
    halfRule,
    o.alpha,
  );
  const confirmationOf = new Map(confirmations.map((c) => [keyOf(c.slice), c]));

  return resultJson({
    o,
    normalizerId: normalizer.id,
    units: units.length,
    skipped,
    space,
    evaluator,
    full,
    family,
    maxT,
    pOf,
    kept,
    redundant,
    discovery,
    halfRule,
    found,
    carried,
    confirmations,
    confirmationOf,
  });
}

interface Found {
  readonly o: Resolved;
  readonly normalizerId: string;
  readonly units: number;
  readonly skipped: number;
  readonly space: SliceSpace;
  readonly evaluator: SliceEvaluator;
  readonly full: { counts: SearchCounts };
  readonly family: readonly Slice[];
  readonly maxT: { permutations: number; adjusted: readonly number[] };
  readonly pOf: ReadonlyMap<string, number>;
  readonly kept: readonly Scored[];
  readonly redundant: number;
  readonly discovery: Uint8Array;
  readonly halfRule: SupportRule;
  readonly found: { counts: SearchCounts };
  readonly carried: readonly Scored[];
  readonly confirmations: readonly Confirmation[];
  readonly confirmationOf: ReadonlyMap<string, Confirmation>;
}

function resultJson(x: Found): SlicesResult {
  const { o, space, evaluator, kept, carried, confirmations, discovery } = x;
  const describe = (s: Slice) => s.map((p) => describePredicate(space, p));
  return {
    schemaVersion: 1,
    metric: o.metric,
    settings: {
      metric: o.metric,
      maxPredicates: o.maxPredicates,
      minSpeakers: o.minSpeakers,
      minWords: o.minWords,
      alpha: o.alpha,
      permutations: o.permutations,
      seed: o.seed,
      top: o.top,
      carry: o.carry,
      epsilonPoints: o.epsilonPoints,
      baseline: o.baseline,
      normalizer: x.normalizerId,
    },
    data: { units: x.units, skippedUnits: x.skipped, speakers: space.speakers.length },
    attributes: space.attributes.map((a) => ({ name: a.name, kind: a.kind, values: a.values })),
    skippedAttributes: space.skipped,
    search: {
      ...x.full.counts,
      family: x.family.length,
      redundant: x.redundant,
      permutations: x.maxT.permutations,
      smallestPMaxT: x.maxT.adjusted.length ? Math.min(...x.maxT.adjusted) : 1,
    },
    slices: kept.map((item, i) => {
      const c = x.confirmationOf.get(keyOf(item.slice));
      const phi = shapleyOf(evaluator, item.slice);
      return {
        rank: i + 1,
        label: labelOf(space, item.slice),
        predicates: describe(item.slice),
        figures: figuresJson(item.figures),
        pMaxT: x.pOf.get(keyOf(item.slice)) ?? 1,
        attribution: item.slice.map((p, j) => ({
          predicate: labelOf(space, [p]),
          points: points(phi[j]),
        })),
        confirmation: c
          ? { figures: c.figures && figuresJson(c.figures), pHolm: c.pHolm, confirmed: c.confirmed }
          : null,
      };
    }),
    split: {
      seed: o.seed,
      discovery: space.speakers.filter((_, s) => discovery[s]),
      confirmation: space.speakers.filter((_, s) => !discovery[s]),
      rule: x.halfRule,
      discoverySearch: x.found.counts,
      carried: carried.map((item, j) => ({
        label: labelOf(space, item.slice),
        predicates: describe(item.slice),
        discovery: figuresJson(item.figures),
        confirmation: confirmations[j].figures && figuresJson(confirmations[j].figures!),
        pHolm: confirmations[j].pHolm,
        confirmed: confirmations[j].confirmed,
      })),
    },
  };
}

function pruneRedundant(
  evaluator: SliceEvaluator,
  ranked: readonly Scored[],
  epsilon: number,
  want: number,
  mask?: Uint8Array,
): { kept: Scored[]; redundant: number } {
  const kept: Scored[] = [];
  let redundant = 0;
  for (const item of ranked) {
    if (kept.length >= want) break;
    if (redundantOf(evaluator, item, epsilon, mask)) redundant++;
    else kept.push(item);
  }
  return { kept, redundant };
}

const points = (x: number) => Math.round(x * 1e6) / 1e4;

export function figuresJson(f: SliceFigures): SliceFiguresJson {
  return {
    speakers: f.speakers,
    words: f.words,
    restSpeakers: f.restSpeakers,
    rate: points(f.rate),
    restRate: points(f.restRate),
    excess: points(f.excess),
    ci: [points(f.ci[0]), points(f.ci[1])],
    df: Math.round(f.df * 100) / 100,
    p: f.p,
  };
}

const keyOf = (s: Slice) => s.map((p) => p.join('=')).join('&');

function describePredicate(
  space: SliceSpace,
  [a, v]: Predicate,
): { attribute: string; value: string } {
  return { attribute: space.attributes[a].name, value: space.attributes[a].values[v] };
}

export function labelOf(space: SliceSpace, slice: Slice): string {
  return slice
    .map(([a, v]) => {
      const attr = space.attributes[a];
      const value = attr.values[v];
      // Bins already name their attribute ("noise.snr < 12"); labels read "accent=x".
      return value.includes(attr.name) || attr.name === 'length' ? value : `${attr.name}=${value}`;
    })
    .join(' ∧ ');
}
