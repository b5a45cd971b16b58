import type { SliceUnit } from './units.js';

/**
 * The attributes a slice is built from, split by what permuting speakers can test:
 * - speaker attributes: manifest labels constant within every speaker (accent, gender, age
 *   band) — the groups a fairness claim is about;
 * - context attributes: what varies within a speaker (condition, engine, clip-level labels
 *   such as sentence domain, drawn-parameter bins, clip length band).
 * A slice is one or more speaker predicates, optionally within a context, and is compared with
 * the other speakers in the same context: "condition = babble" alone is a harsher condition,
 * not a group that fares worse, so it is never a slice by itself.
 */
export interface Attribute {
  readonly name: string;
  readonly kind: 'speaker' | 'context';
  readonly values: readonly string[];
}

export interface SliceSpace {
  readonly attributes: readonly Attribute[];
  readonly speakers: readonly string[];
  /** Per speaker attribute (index into `attributes`), the value index of each speaker. */
  readonly speakerValue: ReadonlyMap<number, Int32Array>;
  readonly unitSpeaker: Int32Array;
  readonly unitD: Float64Array;
  readonly unitW: Float64Array;
  /** Per context attribute, the value index of each unit (−1: not applicable). */
  readonly unitValue: ReadonlyMap<number, Int32Array>;
  /** Attributes left out of the search, and why. */
  readonly skipped: readonly { name: string; reason: string }[];
}

export interface SpaceOptions {
  /** Attributes with more distinct values than this are left out (default 12). */
  readonly maxValues?: number;
  /** Only these attributes (names as in the output); default all. */
  readonly only?: readonly string[];
}

interface Draft {
  name: string;
  kind: 'speaker' | 'context';
  of: (u: SliceUnit) => string | undefined;
  values?: string[];
}

export function buildSpace(units: readonly SliceUnit[], options: SpaceOptions = {}): SliceSpace {
  const maxValues = options.maxValues ?? 12;
  const speakers = [...new Set(units.map((u) => u.speaker))].sort();
  const speakerIndex = new Map(speakers.map((s, i) => [s, i]));
  const drafts: Draft[] = [];
  const labelKeys = [...new Set(units.flatMap((u) => Object.keys(u.labels)))].sort();
  for (const key of labelKeys) {
    const perSpeaker = new Map<string, string>();
    let constant = true;
    for (const u of units) {
      const v = u.labels[key] ?? '(unlabelled)';
      const seen = perSpeaker.get(u.speaker);
      if (seen !== undefined && seen !== v) constant = false;
      perSpeaker.set(u.speaker, v);
    }
    drafts.push({
      name: key,
      kind: constant ? 'speaker' : 'context',
      of: (u) => u.labels[key] ?? '(unlabelled)',
    });
  }
  drafts.push({ name: 'condition', kind: 'context', of: (u) => u.condition });
  drafts.push({ name: 'engine', kind: 'context', of: (u) => u.engine });
  drafts.push(...paramBins(units));
  const length = lengthBands(units);
  if (length) drafts.push(length);

  const attributes: Attribute[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const speakerValue = new Map<number, Int32Array>();
  const unitValue = new Map<number, Int32Array>();
  for (const d of drafts) {
    if (options.only && !options.only.includes(d.name)) continue;
    const values = d.values ?? [...new Set(units.map(d.of).filter((v) => v !== undefined))].sort();
    if (values.length < 2) continue;
    if (values.length > maxValues) {
      skipped.push({ name: d.name, reason: `${values.length} values (more than ${maxValues})` });
      continue;
    }
    const index = new Map(values.map((v, i) => [v, i]));
    const a = attributes.length;
    attributes.push({ name: d.name, kind: d.kind, values });
    if (d.kind === 'speaker') {
      const arr = new Int32Array(speakers.length).fill(-1);
      for (const u of units) arr[speakerIndex.get(u.speaker)!] = index.get(d.of(u)!)!;
      speakerValue.set(a, arr);
    } else {
      unitValue.set(
        a,
        Int32Array.from(units, (u) => {
          const v = d.of(u);
          return v === undefined ? -1 : index.get(v)!;
        }),
      );
    }
  }
  return {
    attributes,
    speakers,
    speakerValue,
    unitSpeaker: Int32Array.from(units, (u) => speakerIndex.get(u.speaker)!),
    unitD: Float64Array.from(units, (u) => u.d),
    unitW: Float64Array.from(units, (u) => u.w),
    unitValue,
    skipped,
  };
}

/** Tertiles of a drawn numeric parameter, when its values vary within a condition. */
function paramBins(units: readonly SliceUnit[]): Draft[] {
  const byKey = new Map<string, number[]>();
  for (const u of units)
    for (const [k, v] of Object.entries(u.params)) {
      let list = byKey.get(k);
      if (!list) {
        list = [];
        byKey.set(k, list);
      }
      list.push(v);
    }
  const out: Draft[] = [];
  for (const [key, values] of [...byKey].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const bins = tertileBins(values, key, '');
    if (!bins) continue;
    out.push({
      name: key,
      kind: 'context',
      values: bins.labels,
      of: (u) => bins.of(u.params[key]),
    });
  }
  return out;
}

/** Reference length in words (the manifest's durations are not in the run's rows). */
function lengthBands(units: readonly SliceUnit[]): Draft | undefined {
  const bins = tertileBins(
    units.map((u) => u.w),
    'words',
    '',
  );
  return bins && { name: 'length', kind: 'context', values: bins.labels, of: (u) => bins.of(u.w) };
}

function tertileBins(
  values: readonly number[],
  name: string,
  unit: string,
): { labels: string[]; of: (v: number | undefined) => string | undefined } | undefined {
  const sorted = Float64Array.from(values).sort();
  const distinct = new Set(sorted).size;
  if (distinct < 2) return undefined;
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const cuts = [...new Set([at(1 / 3), at(2 / 3)])].filter((c) => c > sorted[0]);
  if (cuts.length === 0) cuts.push(sorted.find((v) => v > sorted[0])!);
  const fmt = (x: number) => `${Number(x.toPrecision(3))}${unit}`;
  const labels: string[] = [];
  for (let i = 0; i <= cuts.length; i++) {
    if (i === 0) labels.push(`${name} < ${fmt(cuts[0])}`);
    else if (i === cuts.length) labels.push(`${name} ≥ ${fmt(cuts[i - 1])}`);
    else labels.push(`${fmt(cuts[i - 1])} ≤ ${name} < ${fmt(cuts[i])}`);
  }
  return {
    labels,
    of: (v) => {
      if (v === undefined) return undefined;
      let i = 0;
      while (i < cuts.length && v >= cuts[i]) i++;
      return labels[i];
    },
  };
}
