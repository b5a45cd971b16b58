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
import {
  CONDITION,
  DELS,
  ENGINE,
  HITS,
  INS,
  KW_ERR,
  KW_REF,
  LOOP_INS,
  NO_SPEECH_INS,
  REF,
  SUBS,
  UnitSlots,
} from './tally-slots.js';
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

// bit 0: the row has an `error`; bit 1: it has a hallucination example; bits 8+: its source
const ERROR_BIT = 1;
const EXAMPLE_BIT = 2;

/**
 * What the analysis needs of a run, kept as rows stream past instead of the rows themselves:
 * per unit, the interned clip, speaker, group, condition and engine, the alignment counts and
 * the error anatomy's keyword and hallucination counts, the latest row per unit winning as in
 * the file (tally-slots.ts); and, per engine × condition × group, the few hallucination
 * examples the report shows (tally-examples.ts). A unit costs ~30 bytes and its index entry
 * outside the garbage-collected heap whatever its row holds (perturbation parameters, notes,
 * transcripts), which keeps a 100,000-unit run's peak RSS flat (bench/scale.ts).
 *
 * `scored()` rebuilds the statistics' input in unit-key order — the order the analysis always
 * sorted rows into — so summary.json is byte-identical to scoring the sorted rows directly
 * (test/scale/tally.test.ts holds that against `computeSummary` over the rows).
 */
export class RowTally {
  private readonly slots = new UnitSlots();
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
    let slot = this.slots.find(clip, condition, engine);
    const before = slot < 0 ? undefined : this.shelfOf(slot);
    if (slot < 0) slot = this.slots.insert(clip, condition, engine);
    const u = hasText ? (scores ?? this.score(row.reference, row.hypothesis!)) : null;
    const s = this.slots;
    s.setWho(slot, this.intern(row.speaker), this.intern(groupLabel(row.labels, this.groupBy)));
    s.set(slot, REF, u ? u.score.refWords + 1 : 0);
    s.set(slot, HITS, u?.score.hits ?? 0);
    s.set(slot, SUBS, u?.score.substitutions ?? 0);
    s.set(slot, DELS, u?.score.deletions ?? 0);
    s.set(slot, INS, u?.score.insertions ?? 0);
    s.set(slot, KW_REF, u?.kinds.refKeywords ?? 0);
    s.set(slot, KW_ERR, u?.kinds.keywordErrors ?? 0);
    s.set(slot, LOOP_INS, u?.kinds.loopInsertions ?? 0);
    s.set(slot, NO_SPEECH_INS, u?.kinds.noSpeechInsertions ?? 0);
    const found = u?.found;
    s.setFlags(
      slot,
      (row.error !== undefined ? ERROR_BIT : 0) | (found ? EXAMPLE_BIT : 0) | (source << 8),
    );
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
      if (this.refCache.size >= 512) this.refCache.clear();
      ref = this.normalizer.words(reference);
      this.refCache.set(reference, ref);
    }
    return scoreUnit(ref, this.normalizer.words(hypothesis), this.matcher);
  }

  /** The examples shelf of the unit in `slot` when its row has an example. */
  private shelfOf(slot: number): string | undefined {
    const s = this.slots;
    if (!(s.flags(slot) & EXAMPLE_BIT)) return undefined;
    return `${s.get(slot, ENGINE)}|${s.get(slot, CONDITION)}|${s.group(slot)}`;
  }

  /** Whether a row of this unit has been added. */
  has(condition: string, engine: string, clipId: string): boolean {
    return this.slotOf(condition, engine, clipId) >= 0;
  }

  /** The `source` of the unit's latest row, or undefined when the unit has none. */
  sourceOf(condition: string, engine: string, clipId: string): number | undefined {
    const slot = this.slotOf(condition, engine, clipId);
    return slot < 0 ? undefined : this.slots.flags(slot) >> 8;
  }

  /** Distinct units, and how many of them (latest row) have an error, among those `keep` accepts. */
  units(keep: (condition: string, engine: string, clipId: string) => boolean = () => true): {
    done: number;
    errors: number;
  } {
    let done = 0;
    let errors = 0;
    const s = this.slots;
    for (let slot = 0; slot < s.count; slot++) {
      const kept = keep(
        this.conditionNames[s.get(slot, CONDITION)],
        this.engineNames[s.get(slot, ENGINE)],
        this.clipNames[s.clip(slot)],
      );
      if (!kept) continue;
      done++;
      if (s.flags(slot) & ERROR_BIT) errors++;
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
    const s = this.slots;
    const clipOf = (slot: number) => this.clipNames[s.clip(slot)];
    // Slots grouped by engine × condition (counting sort), then each cell's sorted by clip id:
    // within a cell the unit keys share their condition|engine| prefix.
    const conditions = this.conditionNames.length;
    const cellOf = (slot: number) => s.get(slot, ENGINE) * conditions + s.get(slot, CONDITION);
    const starts = new Int32Array(this.engineNames.length * conditions + 1);
    for (let slot = 0; slot < s.count; slot++) starts[cellOf(slot) + 1]++;
    for (let k = 1; k < starts.length; k++) starts[k] += starts[k - 1];
    const order = new Int32Array(s.count);
    const fill = starts.slice(0, -1);
    for (let slot = 0; slot < s.count; slot++) order[fill[cellOf(slot)]++] = slot;
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
      duplicates: this.rows - s.count,
      errored: this.errored,
    };
  }

  private unitOf(slot: number, example: HallucinationExample | undefined): ScoredUnit {
    const s = this.slots;
    const scored = s.get(slot, REF) > 0;
    return {
      clip: this.clipNames[s.clip(slot)],
      speaker: this.strings[s.speaker(slot)],
      group: this.strings[s.group(slot)],
      score: scored ? scoreOf(s, slot) : null,
      kinds: scored ? kindsOf(s, slot) : null,
      ...(example && { hallucination: example }),
    };
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
    return this.slots.find(clip, c, e);
  }
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
function scoreOf(s: UnitSlots, slot: number): UtteranceScore {
  const refWords = s.get(slot, REF) - 1;
  const substitutions = s.get(slot, SUBS);
  const deletions = s.get(slot, DELS);
  const insertions = s.get(slot, INS);
  const errors = substitutions + deletions + insertions;
  return {
    refWords,
    hits: s.get(slot, HITS),
    substitutions,
    deletions,
    insertions,
    errors,
    wer: refWords > 0 ? errors / refWords : null,
  };
}

/** The KindCounts `scoreUtterance` made, rebuilt from the counts. */
function kindsOf(s: UnitSlots, slot: number): KindCounts {
  const loopInsertions = s.get(slot, LOOP_INS);
  const noSpeechInsertions = s.get(slot, NO_SPEECH_INS);
  return {
    refKeywords: s.get(slot, KW_REF),
    keywordErrors: s.get(slot, KW_ERR),
    loopInsertions,
    noSpeechInsertions,
    hallucinatedUtterances: loopInsertions + noSpeechInsertions > 0 ? 1 : 0,
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
