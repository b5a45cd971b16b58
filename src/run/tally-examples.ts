import type { HallucinationExample } from '../stats/aggregate.js';
import { EXAMPLES } from '../stats/anatomy.js';

/**
 * Room kept per engine × condition × group beyond the EXAMPLES the report shows: a unit
 * written again without its hallucination (a resumed or re-run unit) takes its example out,
 * and the next one by clip id must still be there to take its place.
 */
const SPARE = 5;

interface Item {
  readonly clip: string;
  readonly slot: number;
  example: HallucinationExample;
}

interface Shelf {
  items: Item[];
  /** How many the shelf keeps: EXAMPLES + SPARE, less one per example taken out after overflow. */
  room: number;
  /** Whether an example was ever turned away (so a later one of lower clip id may be missing). */
  overflowed: boolean;
}

/**
 * The hallucination examples the report shows, kept as rows stream past: per engine ×
 * condition × group, the first EXAMPLES + SPARE units by clip id with one — the anatomy shows
 * the first EXAMPLES of them (src/stats/anatomy.ts), so this holds what it shows in memory
 * that grows with cells, never with units.
 */
export class ExampleShelves {
  private readonly shelves = new Map<string, Shelf>();
  /**
   * False once some shelf lost more examples to rewritten units than it had spare: its
   * examples may then skip a unit the rows hold (counts are unaffected).
   */
  exact = true;

  /**
   * The unit in `slot` is now written with `example` (or none) on `shelf`; `before` is the
   * shelf its earlier row's example went to, when it had one.
   */
  update(
    before: string | undefined,
    shelf: string | undefined,
    slot: number,
    clip: string,
    example: HallucinationExample | undefined,
  ): void {
    if (before !== undefined) {
      const s = this.shelves.get(before);
      const i = s ? s.items.findIndex((x) => x.slot === slot) : -1;
      if (s && i >= 0) {
        if (example && before === shelf) {
          s.items[i].example = example;
          return;
        }
        s.items.splice(i, 1);
        if (s.overflowed && --s.room < EXAMPLES) this.exact = false;
      }
    }
    if (example && shelf !== undefined) this.offer(shelf, { clip, slot, example });
  }

  /** Slot → example, for every example kept. */
  bySlot(): Map<number, HallucinationExample> {
    const out = new Map<number, HallucinationExample>();
    for (const s of this.shelves.values()) for (const x of s.items) out.set(x.slot, x.example);
    return out;
  }

  private offer(key: string, item: Item): void {
    let s = this.shelves.get(key);
    if (!s) {
      s = { items: [], room: EXAMPLES + SPARE, overflowed: false };
      this.shelves.set(key, s);
    }
    // Clip ids compared as strings, as the anatomy sorts its examples.
    let at = s.items.length;
    while (at > 0 && s.items[at - 1].clip > item.clip) at--;
    s.items.splice(at, 0, item);
    if (s.items.length > s.room) {
      s.items.pop();
      s.overflowed = true;
    }
  }
}
