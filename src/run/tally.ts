import { type UtteranceRow, unitKey } from '../results/row.js';
import type { KindCounts } from '../scoring/anatomy.js';
import { type KeywordList, KeywordMatcher } from '../scoring/keywords.js';
import type { Normalizer } from '../scoring/normalize.js';
import type { UtteranceScore } from '../scoring/wer.js';
import {
  type HallucinationExample,
  hallucinationExample,
  type Scored,
  type ScoredUnit,
  scoreUnit,
  type UnitScores,
} from '../stats/aggregate.js';
import { groupLabel } from '../text/group-label.js';
import { ExampleShelves } from './tally-examples.js';
import { CellView } from './tally-view.js';

/** The fields of a row the tally reads: the statistics' fields and the error flag. */
export type TallyRow = Pick<
  UtteranceRow,
  | 'id'
  | 'speaker'
  | 'labels'
  | 'condition'
  | 'engine'
  | 'reference'
  | 'hypothesis'
  | 'sweep'
  | 'error'
>;

// Columns of one unit's slot, in an Int32Array: interned strings, the word counts, then the
// error anatomy's counts (src/scoring/anatomy.ts KindCounts; hallucinatedUtterances follows
// from the two insertion counts).
const CLIP = 0;
const SPEAKER = 1;
const GROUP = 2;
const CONDITION = 3;
const ENGINE = 4;
const REF = 5; // reference words; -1 when the unit has no transcript
const HITS = 6;
const SUBS = 7;
const DELS = 8;
const INS = 9;
const KW_REF = 10;
const KW_ERR = 11;
const LOOP_INS = 12;
const NO_SPEECH_INS = 13;
// bit 0: the row has an `error`; bit 1: it has a hallucination example; bits 8+: its source
const FLAGS = 14;
const STRIDE = 15;
// Slots live in fixed chunks of CHUNK units (~1 MB), added as the run grows: no array is ever
// copied into one twice its size, so the tally's memory follows its units, without the
// doubling's spare half and the moment both copies are held.
const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
const offset = (slot: number) => (slot & (CHUNK - 1)) * STRIDE;
const ERROR_BIT = 1;
const EXAMPLE_BIT = 2;

/**
 * What the analysis needs of a run, kept as rows stream past instead of the rows themselves:
 * per unit, the interned clip, speaker, group, condition and engine, the alignment counts and
 * the error anatomy's keyword and hallucination counts (fifteen 32-bit integers), the latest
 * row per unit winning as in the file; and, per engine × condition × group, the few
 * hallucination examples the report shows (tally-examples.ts). A unit costs ~60 bytes
 * outside the garbage-collected heap whatever its row holds (perturbation parameters, notes,
 * transcripts), which keeps a 100,000-unit run's peak RSS flat (bench/scale.ts).
 *
 * `scored()` rebuilds the statistics' input in unit-key order — the order the analysis always
 * sorted rows into — so summary.json is byte-identical to scoring the sorted rows directly
 * (test/scale/tally.test.ts holds that against `computeSummary` over the rows).
 */
export class RowTally {
  private readonly chunks: Int32Array[] = [];
  private count = 0;
  // Slot of each unit: an open-addressing hash over (clip, condition, engine) ids holding
  // slot + 1 (0 = empty). Typed arrays live outside the garbage-collected heap, whose
  // headroom V8 scales with the live heap: a Map of 100,000 entries would cost several times
  // its own size in peak RSS.
  private table = new Int32Array(4096);
  private readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly clipIds = new Map<string, number>();
  private readonly conditionIds = new Map<string, number>();
  private readonly engineIds = new Map<string, number>();
  private readonly clipNames: string[] = [];
  private readonly conditionNames: string[] = [];
  private readonly engineNames: string[] = [];
  private readonly sweeps: Scored['sweeps'] = new Map();
  // References repeat once per condition × engine of a clip, and a clip's units arrive close
  // together: a small cache of normalised references saves most of the normalising.
  private readonly refCache = new Map<string, string[]>();
  private readonly matcher: KeywordMatcher | undefined;
  private readonly examples = new ExampleShelves();
  /** Rows added (every row, duplicates included), as `summary.input.rows` counts them. */
  rows = 0;
  /** Rows without a transcript (duplicates included), as `summary.input.errored` counts them. */
  errored = 0;

  constructor(
    readonly groupBy: string,
    readonly normalizer: Normalizer,
    /** The keyword list whose errors the anatomy counts (none: keyword counts stay 0). */
    readonly keywords?: KeywordList,
  ) {
    this.matcher = keywords && new KeywordMatcher(keywords, normalizer);
  }

  /** Whether the hallucination examples kept are exactly those of the rows (tally-examples.ts). */
  get examplesExact(): boolean {
    return this.examples.exact;
  }

  /**
   * Adds a row (after any earlier row of the same unit, which it replaces). `scores` is the
   * row's scoring when the caller already has it (a pool worker scored it, with this tally's
   * normaliser and keywords); otherwise it is scored here. `source` tags the row's origin
   * (merge: which shard) for `sourceOf`.
   */
  add(row: TallyRow, scores?: UnitScores | null, source = 0): void {
    this.rows++;
    const hasText = row.hypothesis !== null && row.hypothesis !== undefined;
    if (!hasText) this.errored++;
    if (row.sweep && !this.sweeps.has(row.condition)) this.sweeps.set(row.condition, row.sweep);
    const clip = idOf(this.clipIds, this.clipNames, row.id);
    const condition = idOf(this.conditionIds, this.conditionNames, row.condition);
    const engine = idOf(this.engineIds, this.engineNames, row.engine);
    let slot = this.find(clip, condition, engine);
    const before = slot < 0 ? undefined : this.shelfOf(slot);
    if (slot < 0) slot = this.insert(clip, condition, engine);
    const u = hasText ? (scores ?? this.score(row.reference, row.hypothesis!)) : null;
    const d = this.chunk(slot);
    const at = offset(slot);
    d[at + SPEAKER] = this.intern(row.speaker);
    d[at + GROUP] = this.intern(groupLabel(row.labels, this.groupBy));
    d[at + REF] = u ? u.score.refWords : -1;
    d[at + HITS] = u?.score.hits ?? 0;
    d[at + SUBS] = u?.score.substitutions ?? 0;
    d[at + DELS] = u?.score.deletions ?? 0;
    d[at + INS] = u?.score.insertions ?? 0;
    d[at + KW_REF] = u?.kinds.refKeywords ?? 0;
    d[at + KW_ERR] = u?.kinds.keywordErrors ?? 0;
    d[at + LOOP_INS] = u?.kinds.loopInsertions ?? 0;
    d[at + NO_SPEECH_INS] = u?.kinds.noSpeechInsertions ?? 0;
    const found = u?.found;
    d[at + FLAGS] =
      (row.error !== undefined ? ERROR_BIT : 0) | (found ? EXAMPLE_BIT : 0) | (source << 8);
    this.examples.update(
      before,
      this.shelfOf(slot),
      slot,
      row.id,
      found && hallucinationExample(row, found),
    );
  }

  /** Scores a reference and hypothesis as the statistics do (the reference normalised once). */
  score(reference: string, hypothesis: string): UnitScores {
    let ref = this.refCache.get(reference);
    if (!ref) {
      if (this.refCache.size >= 4096) this.refCache.clear();
      ref = this.normalizer.words(reference);
      this.refCache.set(reference, ref);
    }
    return scoreUnit(ref, this.normalizer.words(hypothesis), this.matcher);
  }

  /** The examples shelf of the unit in `slot` when its row has an example. */
  private shelfOf(slot: number): string | undefined {
    const d = this.chunk(slot);
    const at = offset(slot);
    if (!(d[at + FLAGS] & EXAMPLE_BIT)) return undefined;
    return `${d[at + ENGINE]}|${d[at + CONDITION]}|${d[at + GROUP]}`;
  }

  /** Whether a row of this unit has been added. */
  has(condition: string, engine: string, clipId: string): boolean {
    return this.slotOf(condition, engine, clipId) >= 0;
  }

  /** The `source` of the unit's latest row, or undefined when the unit has none. */
  sourceOf(condition: string, engine: string, clipId: string): number | undefined {
    const slot = this.slotOf(condition, engine, clipId);
    return slot < 0 ? undefined : this.chunk(slot)[offset(slot) + FLAGS] >> 8;
  }

  /** Distinct units, and how many of them (latest row) have an error, among those `keep` accepts. */
  units(keep: (condition: string, engine: string, clipId: string) => boolean = () => true): {
    done: number;
    errors: number;
  } {
    let done = 0;
    let errors = 0;
    for (let slot = 0; slot < this.count; slot++) {
      const d = this.chunk(slot);
      const at = offset(slot);
      const kept = keep(
        this.conditionNames[d[at + CONDITION]],
        this.engineNames[d[at + ENGINE]],
        this.clipNames[d[at + CLIP]],
      );
      if (!kept) continue;
      done++;
      if (d[at + FLAGS] & ERROR_BIT) errors++;
    }
    return { done, errors };
  }

  /**
   * The statistics' input: engine → condition → clip in the order the analysis always read
   * rows in — sorted by unit key (condition|engine|id, compared as strings) — so float sums
   * add in the same order and summary.json does not depend on the order units finished in.
   * Each engine × condition is a view over the tally (tally-view.ts), not a copy.
   */
  scored(): Scored {
    const clipOf = (slot: number) => this.clipNames[this.chunk(slot)[offset(slot) + CLIP]];
    // Slots grouped by engine × condition (counting sort), then each cell's sorted by clip id:
    // within a cell the unit keys share their condition|engine| prefix.
    const conditions = this.conditionNames.length;
    const cellOf = (slot: number) => {
      const d = this.chunk(slot);
      return d[offset(slot) + ENGINE] * conditions + d[offset(slot) + CONDITION];
    };
    const starts = new Int32Array(this.engineNames.length * conditions + 1);
    for (let slot = 0; slot < this.count; slot++) starts[cellOf(slot) + 1]++;
    for (let k = 1; k < starts.length; k++) starts[k] += starts[k - 1];
    const order = new Int32Array(this.count);
    const fill = starts.slice(0, -1);
    for (let slot = 0; slot < this.count; slot++) order[fill[cellOf(slot)]++] = slot;
    const cells: { key: string; engine: string; condition: string; slots: Int32Array }[] = [];
    for (let k = 0; k + 1 < starts.length; k++) {
      if (starts[k] === starts[k + 1]) continue;
      const slots = order.subarray(starts[k], starts[k + 1]);
      slots.sort((a, b) => compare(clipOf(a), clipOf(b)));
      const engine = this.engineNames[Math.floor(k / conditions)];
      const condition = this.conditionNames[k % conditions];
      cells.push({ key: unitKey(condition, engine, clipOf(slots[0])), engine, condition, slots });
    }
    // Engines and conditions enter the maps in the order of their first unit key, as they
    // did when the sorted rows were read one by one.
    cells.sort((a, b) => compare(a.key, b.key));
    const examples = this.examples.bySlot();
    const unitOf = (slot: number): ScoredUnit => this.unitOf(slot, examples.get(slot));
    const units = new Map<string, Map<string, CellView>>();
    for (const cell of cells) {
      let byCondition = units.get(cell.engine);
      if (!byCondition) {
        byCondition = new Map();
        units.set(cell.engine, byCondition);
      }
      byCondition.set(cell.condition, new CellView(cell.slots, clipOf, unitOf));
    }
    return {
      units,
      sweeps: new Map(this.sweeps),
      rows: this.rows,
      duplicates: this.rows - this.count,
      errored: this.errored,
    };
  }

  private unitOf(slot: number, example: HallucinationExample | undefined): ScoredUnit {
    const d = this.chunk(slot);
    const at = offset(slot);
    const scored = d[at + REF] >= 0;
    return {
      clip: this.clipNames[d[at + CLIP]],
      speaker: this.strings[d[at + SPEAKER]],
      group: this.strings[d[at + GROUP]],
      score: scored ? scoreOf(d, at) : null,
      kinds: scored ? kindsOf(d, at) : null,
      ...(example && { hallucination: example }),
    };
  }

  private chunk(slot: number): Int32Array {
    return this.chunks[slot >>> CHUNK_BITS];
  }

  private intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
    }
    return id;
  }

  private slotOf(condition: string, engine: string, clipId: string): number {
    const clip = this.clipIds.get(clipId);
    const c = this.conditionIds.get(condition);
    const e = this.engineIds.get(engine);
    if (clip === undefined || c === undefined || e === undefined) return -1;
    return this.find(clip, c, e);
  }

  private find(clip: number, condition: number, engine: number): number {
    const mask = this.table.length - 1;
    for (let i = hash(clip, condition, engine) & mask; ; i = (i + 1) & mask) {
      const entry = this.table[i];
      if (entry === 0) return -1;
      const d = this.chunk(entry - 1);
      const at = offset(entry - 1);
      if (d[at + CLIP] === clip && d[at + CONDITION] === condition && d[at + ENGINE] === engine)
        return entry - 1;
    }
  }

  private insert(clip: number, condition: number, engine: number): number {
    const slot = this.count++;
    if (slot >>> CHUNK_BITS === this.chunks.length)
      this.chunks.push(new Int32Array(CHUNK * STRIDE));
    const d = this.chunk(slot);
    const at = offset(slot);
    d[at + CLIP] = clip;
    d[at + CONDITION] = condition;
    d[at + ENGINE] = engine;
    if (this.count * 2 > this.table.length) this.rehash(this.table.length * 2);
    else this.place(slot);
    return slot;
  }

  private place(slot: number): void {
    const mask = this.table.length - 1;
    const d = this.chunk(slot);
    const at = offset(slot);
    let i = hash(d[at + CLIP], d[at + CONDITION], d[at + ENGINE]) & mask;
    while (this.table[i] !== 0) i = (i + 1) & mask;
    this.table[i] = slot + 1;
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size);
    for (let slot = 0; slot < this.count; slot++) this.place(slot);
  }
}

function hash(clip: number, condition: number, engine: number): number {
  let h = Math.imul(clip, 0x9e3779b1) ^ Math.imul(condition + 1, 0x85ebca6b);
  h ^= Math.imul(engine + 1, 0xc2b2ae35);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) >>> 0;
}

function idOf(ids: Map<string, number>, names: string[], name: string): number {
  let id = ids.get(name);
  if (id === undefined) {
    id = names.length;
    names.push(name);
    ids.set(name, id);
  }
  return id;
}

/** The UtteranceScore `scoreWords` made, rebuilt from the counts (the same fields and doubles). */
function scoreOf(d: Int32Array, at: number): UtteranceScore {
  const refWords = d[at + REF];
  const substitutions = d[at + SUBS];
  const deletions = d[at + DELS];
  const insertions = d[at + INS];
  const errors = substitutions + deletions + insertions;
  return {
    refWords,
    hits: d[at + HITS],
    substitutions,
    deletions,
    insertions,
    errors,
    wer: refWords > 0 ? errors / refWords : null,
  };
}

/** The KindCounts `scoreUtterance` made, rebuilt from the counts. */
function kindsOf(d: Int32Array, at: number): KindCounts {
  const loopInsertions = d[at + LOOP_INS];
  const noSpeechInsertions = d[at + NO_SPEECH_INS];
  return {
    refKeywords: d[at + KW_REF],
    keywordErrors: d[at + KW_ERR],
    loopInsertions,
    noSpeechInsertions,
    hallucinatedUtterances: loopInsertions + noSpeechInsertions > 0 ? 1 : 0,
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
