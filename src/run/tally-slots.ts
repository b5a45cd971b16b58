// Columns of a unit's 16-bit record (UnitSlots.get/set): interned condition and engine, the
// word counts, then the error anatomy's counts (src/scoring/anatomy.ts KindCounts;
// hallucinatedUtterances follows from the two insertion counts).
export const CONDITION = 0;
export const ENGINE = 1;
export const REF = 2; // reference words + 1; 0 when the unit has no transcript
export const HITS = 3;
export const SUBS = 4;
export const DELS = 5;
export const INS = 6;
export const KW_REF = 7;
export const KW_ERR = 8;
export const LOOP_INS = 9;
export const NO_SPEECH_INS = 10;
const NARROW = 11;
// A value that does not fit 16 bits is stored as ESCAPE, its value in a map beside: exact for
// any count, and a run whose utterances have fewer than 65,535 words never uses the map.
const ESCAPE = 0xffff;
// The 32-bit record: the interned clip and the flags (the caller's bits).
const CLIP = 0;
const FLAGS = 1;
const WIDE = 2;
// Slots live in fixed chunks of CHUNK units (~480 kB), added as the run grows: no array is
// ever copied into one twice its size, so memory follows the units, without the doubling's
// spare half and the moment both copies are held.
const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;

/**
 * The tally's units in typed arrays outside the garbage-collected heap, ~30 bytes a unit
 * plus its index (4 bytes per hash-table entry, at most half full): the clip and flags in
 * 32 bits, the condition, engine and eleven counts in 16 bits each. Speaker and group are
 * a clip's (the manifest gives them per clip), kept once per clip; a row that says otherwise
 * keeps its own in a map, so the record is exact whatever the rows hold.
 */
export class UnitSlots {
  private readonly wide: Int32Array[] = [];
  private readonly narrow: Uint16Array[] = [];
  private readonly escaped = new Map<number, number>();
  // Per clip id: the speaker and group ids of its first row; rows that differ, per slot.
  private readonly clipSpeaker: number[] = [];
  private readonly clipGroup: number[] = [];
  private readonly own = new Map<number, readonly [speaker: number, group: number]>();
  // Slot of each unit: an open-addressing hash over (clip, condition, engine) ids holding
  // slot + 1 (0 = empty). A Map of 100,000 entries would live on the garbage-collected heap,
  // whose headroom V8 scales with the live heap, costing several times its own size.
  private table = new Int32Array(4096);
  count = 0;

  get(slot: number, column: number): number {
    const v = this.narrow[slot >>> CHUNK_BITS][(slot & (CHUNK - 1)) * NARROW + column];
    return v === ESCAPE ? this.escaped.get(slot * NARROW + column)! : v;
  }

  set(slot: number, column: number, value: number): void {
    const chunk = this.narrow[slot >>> CHUNK_BITS];
    const at = (slot & (CHUNK - 1)) * NARROW + column;
    if (chunk[at] === ESCAPE) this.escaped.delete(slot * NARROW + column);
    if (value >= 0 && value < ESCAPE) chunk[at] = value;
    else {
      chunk[at] = ESCAPE;
      this.escaped.set(slot * NARROW + column, value);
    }
  }

  clip(slot: number): number {
    return this.wide[slot >>> CHUNK_BITS][(slot & (CHUNK - 1)) * WIDE + CLIP];
  }

  flags(slot: number): number {
    return this.wide[slot >>> CHUNK_BITS][(slot & (CHUNK - 1)) * WIDE + FLAGS];
  }

  setFlags(slot: number, flags: number): void {
    this.wide[slot >>> CHUNK_BITS][(slot & (CHUNK - 1)) * WIDE + FLAGS] = flags;
  }

  speaker(slot: number): number {
    return this.own.get(slot)?.[0] ?? this.clipSpeaker[this.clip(slot)];
  }

  group(slot: number): number {
    return this.own.get(slot)?.[1] ?? this.clipGroup[this.clip(slot)];
  }

  /** Records the slot's speaker and group (ids); the first row of a clip sets the clip's. */
  setWho(slot: number, speaker: number, group: number): void {
    const clip = this.clip(slot);
    if (this.clipSpeaker[clip] === undefined) {
      this.clipSpeaker[clip] = speaker;
      this.clipGroup[clip] = group;
    }
    if (this.clipSpeaker[clip] === speaker && this.clipGroup[clip] === group) this.own.delete(slot);
    else this.own.set(slot, [speaker, group]);
  }

  /** The slot of (clip, condition, engine), or -1. */
  find(clip: number, condition: number, engine: number): number {
    const mask = this.table.length - 1;
    for (let i = hash(clip, condition, engine) & mask; ; i = (i + 1) & mask) {
      const entry = this.table[i];
      if (entry === 0) return -1;
      const slot = entry - 1;
      if (
        this.clip(slot) === clip &&
        this.get(slot, CONDITION) === condition &&
        this.get(slot, ENGINE) === engine
      )
        return slot;
    }
  }

  /** A new slot for (clip, condition, engine), its counts 0; `clip` must be < 2^31. */
  insert(clip: number, condition: number, engine: number): number {
    const slot = this.count++;
    if (slot >>> CHUNK_BITS === this.wide.length) {
      this.wide.push(new Int32Array(CHUNK * WIDE));
      this.narrow.push(new Uint16Array(CHUNK * NARROW));
    }
    this.wide[slot >>> CHUNK_BITS][(slot & (CHUNK - 1)) * WIDE + CLIP] = clip;
    this.set(slot, CONDITION, condition);
    this.set(slot, ENGINE, engine);
    if (this.count * 2 > this.table.length) this.rehash(this.table.length * 2);
    else this.place(slot);
    return slot;
  }

  private place(slot: number): void {
    const mask = this.table.length - 1;
    let i = hash(this.clip(slot), this.get(slot, CONDITION), this.get(slot, ENGINE)) & mask;
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
