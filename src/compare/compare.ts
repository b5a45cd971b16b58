import { type GateRule, nameMatches } from '../report/gates/schema.js';
import { createRng } from '../rng.js';
import { alignCounts } from '../scoring/align.js';
import { getNormalizer } from '../scoring/normalize.js';
import type { PairedUnit, Pairing } from './pair-runs.js';
import { type CellDeltas, pairedFamily, type SpeakerDelta } from './paired.js';

export type Metric = 'wer' | 'degradation' | 'excess';
/** regressed: significantly worse beyond the limit; worse: significantly, within it. */
export type ChangeStatus = 'regressed' | 'worse' | 'improved' | 'unchanged';

/** One (engine, condition, group) cell and metric, baseline against new. */
export interface CellChange {
  readonly engine: string;
  readonly baselineEngine: string;
  readonly condition: string;
  readonly group: string;
  readonly metric: Metric;
  readonly clips: number;
  readonly speakers: number;
  readonly baseline: number | null;
  readonly current: number | null;
  /** current − baseline (fraction), its interval and the max-T adjusted p over the metric's cells. */
  readonly change: number | null;
  readonly ci: readonly [number, number] | null;
  readonly pAdjusted: number;
  readonly status: ChangeStatus;
  /** The regression rule's level when the cell regressed beyond its limit. */
  readonly level?: 'warn' | 'error';
  readonly limitPoints?: number;
}

export interface CompareOptions {
  readonly alpha: number;
  /** The new run's `regression` rules (default: error above 5 points). */
  readonly rules: readonly GateRule[];
  readonly permutations?: number;
  readonly resamples?: number;
  readonly seed?: number;
}

interface Scored {
  readonly unit: PairedUnit;
  readonly words: number;
  readonly eb: number;
  readonly en: number;
}

/**
 * Every cell's change between two paired runs: WER for every condition, and degradation and
 * excess for every condition against clean, each with a speaker-bootstrap interval and a
 * max-T adjusted p over its metric's cells (src/compare/paired.ts).
 */
export function compareRuns(
  pairing: Pairing,
  normalizerId: string,
  options: CompareOptions,
): CellChange[] {
  const normalizer = getNormalizer(normalizerId);
  const refCache = new Map<string, string[]>();
  const words = (text: string) => {
    let w = refCache.get(text);
    if (!w) {
      w = normalizer.words(text);
      refCache.set(text, w);
    }
    return w;
  };
  const errorsOf = (ref: string[], hyp: string) => {
    const c = alignCounts(ref, normalizer.words(hyp));
    return c.substitutions + c.deletions + c.insertions;
  };
  const scored: Scored[] = pairing.units.map((u) => {
    const ref = words(u.reference);
    return {
      unit: u,
      words: ref.length,
      eb: errorsOf(ref, u.baseline.hypothesis ?? ''),
      en: errorsOf(ref, u.current.hypothesis ?? ''),
    };
  });
  const speakers = new Map<string, number>();
  for (const s of scored)
    if (!speakers.has(s.unit.speaker)) speakers.set(s.unit.speaker, speakers.size);
  const cells = buildCells(scored, speakers);
  const rng = createRng('lastmile/compare', options.seed ?? 1);
  const settings = {
    permutations: options.permutations ?? 4000,
    resamples: options.resamples ?? 1000,
    level: 1 - options.alpha,
  };
  const out: CellChange[] = [];
  for (const metric of ['wer', 'degradation', 'excess'] as const) {
    const family = cells.filter((c) => c.metric === metric);
    const estimates = pairedFamily(
      family.map((c) => c.deltas),
      speakers.size,
      { ...settings, rng: rng.fork(metric) },
    );
    for (const [i, c] of family.entries()) out.push(decide(c, estimates[i], pairing, options));
  }
  return out;
}

interface BuiltCell {
  readonly engine: string;
  readonly condition: string;
  readonly group: string;
  readonly metric: Metric;
  readonly deltas: CellDeltas;
  readonly clips: number;
  readonly baseline: number | null;
  readonly current: number | null;
}

function buildCells(scored: readonly Scored[], speakers: ReadonlyMap<string, number>): BuiltCell[] {
  const byCell = new Map<string, Scored[]>();
  const clean = new Map<string, Scored>();
  for (const s of scored) {
    const key = `${s.unit.engine}\u0000${s.unit.condition}`;
    // Appended in place: copying the list per unit made this quadratic in a cell's clips.
    let list = byCell.get(key);
    if (!list) {
      list = [];
      byCell.set(key, list);
    }
    list.push(s);
    if (s.unit.condition === 'clean') clean.set(`${s.unit.engine}\u0000${s.unit.clip}`, s);
  }
  const cells: BuiltCell[] = [];
  for (const [key, list] of byCell) {
    const [engine, condition] = key.split('\u0000');
    const groups = [...new Set(list.map((s) => s.unit.group))].sort();
    for (const group of groups) {
      const mine = list.filter((s) => s.unit.group === group);
      const wer = sums(
        mine,
        (s) => ({ x: s.en - s.eb, w: s.words, b: s.eb, n: s.en }),
        speakers,
        group,
      );
      cells.push({
        engine,
        condition,
        group,
        metric: 'wer',
        clips: mine.length,
        ...wer,
        deltas: { key: `wer ${key} ${group}`, kind: 'ratio', speakers: wer.speakers },
      });
      if (condition === 'clean') continue;
      const paired = list.filter((s) => clean.has(`${engine}\u0000${s.unit.clip}`));
      const deg = (s: Scored) => {
        const c = clean.get(`${engine}\u0000${s.unit.clip}`)!;
        return { x: s.en - c.en - (s.eb - c.eb), w: s.words, b: s.eb - c.eb, n: s.en - c.en };
      };
      const inGroup = paired.filter((s) => s.unit.group === group);
      const d = sums(inGroup, deg, speakers, group);
      cells.push({
        engine,
        condition,
        group,
        metric: 'degradation',
        clips: inGroup.length,
        ...d,
        deltas: { key: `deg ${key} ${group}`, kind: 'ratio', speakers: d.speakers },
      });
      const all = sums(paired, deg, speakers, group);
      const others = paired.filter((s) => s.unit.group !== group);
      const o = sums(others, deg, speakers, group);
      const contrast = (g: number | null, r: number | null) =>
        g === null || r === null ? null : g - r;
      cells.push({
        engine,
        condition,
        group,
        metric: 'excess',
        clips: inGroup.length,
        baseline: contrast(d.baseline, o.baseline),
        current: contrast(d.current, o.current),
        deltas: { key: `excess ${key} ${group}`, kind: 'contrast', speakers: all.speakers },
      });
    }
  }
  return cells;
}

/** Per-speaker sums of x and w, and the baseline and current rates (Σb/Σw, Σn/Σw). */
function sums(
  list: readonly Scored[],
  f: (s: Scored) => { x: number; w: number; b: number; n: number },
  index: ReadonlyMap<string, number>,
  group: string,
): { speakers: SpeakerDelta[]; baseline: number | null; current: number | null } {
  const per = new Map<string, { x: number; w: number; inGroup: boolean }>();
  let b = 0;
  let n = 0;
  let w = 0;
  for (const s of list) {
    const v = f(s);
    const p = per.get(s.unit.speaker) ?? { x: 0, w: 0, inGroup: s.unit.group === group };
    p.x += v.x;
    p.w += v.w;
    per.set(s.unit.speaker, p);
    b += v.b;
    n += v.n;
    w += v.w;
  }
  const speakers = [...per].map(([speaker, p]) => ({ speaker, index: index.get(speaker)!, ...p }));
  return { speakers, baseline: w > 0 ? b / w : null, current: w > 0 ? n / w : null };
}

function decide(
  c: BuiltCell,
  e: { value: number | null; ci: readonly [number, number] | null; pAdjusted: number },
  pairing: Pairing,
  options: CompareOptions,
): CellChange {
  const baselineEngine = pairing.engines.find((p) => p.current === c.engine)?.baseline ?? c.engine;
  const significant = e.value !== null && e.value !== 0 && e.pAdjusted <= options.alpha;
  const rule = options.rules.find(
    (r) =>
      nameMatches(r.engine, c.engine) &&
      nameMatches(r.condition, c.condition) &&
      nameMatches(r.group, c.group),
  );
  const limit = rule?.max ?? 0;
  const regressed = significant && e.value! > 0 && 100 * e.value! > limit;
  const status: ChangeStatus = regressed
    ? 'regressed'
    : significant
      ? e.value! < 0
        ? 'improved'
        : 'worse'
      : 'unchanged';
  return {
    engine: c.engine,
    baselineEngine,
    condition: c.condition,
    group: c.group,
    metric: c.metric,
    clips: c.clips,
    speakers: c.deltas.speakers.filter((s) => s.inGroup).length,
    baseline: c.baseline,
    current: c.current,
    change: e.value,
    ci: e.ci,
    pAdjusted: e.pAdjusted,
    status,
    ...(regressed && rule && rule.level !== 'off' && { level: rule.level, limitPoints: limit }),
  };
}
