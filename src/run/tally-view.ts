import type { ScoredUnit } from '../stats/aggregate.js';

/**
 * One engine × condition of a tally as the statistics read it (clip id → scored unit), made
 * on demand from the tally's slots instead of held: the analysis walks each cell a few
 * times, and a hundred thousand ScoredUnit objects held at once would cost tens of MB of
 * heap (and V8's headroom over it) at the very end of a run whose memory stayed flat.
 * Clips iterate in the order of their ids compared as strings, as the sorted rows did.
 */
export class CellView implements ReadonlyMap<string, ScoredUnit> {
  constructor(
    /** The cell's slots, sorted by clip id. */
    private readonly slots: Int32Array,
    private readonly clipOf: (slot: number) => string,
    private readonly unitOf: (slot: number) => ScoredUnit,
  ) {}

  get size(): number {
    return this.slots.length;
  }

  get(clip: string): ScoredUnit | undefined {
    const i = this.indexOf(clip);
    return i < 0 ? undefined : this.unitOf(this.slots[i]);
  }

  has(clip: string): boolean {
    return this.indexOf(clip) >= 0;
  }

  *keys(): MapIterator<string> {
    for (const slot of this.slots) yield this.clipOf(slot);
  }

  *values(): MapIterator<ScoredUnit> {
    for (const slot of this.slots) yield this.unitOf(slot);
  }

  *entries(): MapIterator<[string, ScoredUnit]> {
    for (const slot of this.slots) yield [this.clipOf(slot), this.unitOf(slot)];
  }

  [Symbol.iterator](): MapIterator<[string, ScoredUnit]> {
    return this.entries();
  }

  forEach(
    callback: (unit: ScoredUnit, clip: string, map: ReadonlyMap<string, ScoredUnit>) => void,
  ): void {
    for (const slot of this.slots) callback(this.unitOf(slot), this.clipOf(slot), this);
  }

  /** Binary search over the clip ids (string order). */
  private indexOf(clip: string): number {
    let lo = 0;
    let hi = this.slots.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.clipOf(this.slots[mid]);
      if (at === clip) return mid;
      if (at < clip) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
