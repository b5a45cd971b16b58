import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/rng.js';
import { alignCounts } from '../../src/scoring/align.js';
import { getNormalizer } from '../../src/scoring/normalize.js';
import {
  scliteAvailable as available,
  type ScliteCounts,
  scliteCounts,
} from '../helpers/sclite.js';

/**
 * Agreement with NIST sclite (Debian `sctk`): every pair below is scored by sclite and by
 * lastmile, and C/S/D/I must match utterance by utterance.
 */

type Pair = { ref: string[]; hyp: string[]; kind: string };

function words(rng: ReturnType<typeof createRng>, n: number, vocab: readonly string[]): string[] {
  return Array.from({ length: n }, () => vocab[rng.int(vocab.length)]);
}

/** Simulated ASR output: random substitutions, deletions and insertions of a reference. */
function corrupt(
  rng: ReturnType<typeof createRng>,
  ref: string[],
  vocab: readonly string[],
): string[] {
  const out: string[] = [];
  const rate = rng.uniform(0, 0.6);
  for (const w of ref) {
    const u = rng.next();
    if (u < rate / 3) continue; // deletion
    if (u < (2 * rate) / 3)
      out.push(vocab[rng.int(vocab.length)]); // substitution
    else out.push(w);
    if (rng.next() < rate / 4) out.push(vocab[rng.int(vocab.length)]); // insertion
  }
  return out;
}

function buildPairs(): Pair[] {
  const split = (s: string) => s.split(' ').filter(Boolean);
  const tricky: [string, string][] = [
    ['the cat sat', ''],
    ['', 'the cat sat'],
    ['hello', ''],
    ['', 'x'],
    ['a b', 'b c'],
    ['a b c', 'd e a'],
    ['a b c', 'c d e'],
    ['a a a b', 'a b a'],
    ['a a a a a', 'a a'],
    ['a a', 'a a a a a'],
    ['the the the', 'the'],
    ['b c c c', 'a a b'],
    ['c a d b', 'b b c b'],
    ['x y z', 'z y x'],
    ['one two three four', 'four three two one'],
    ['a b a b a b', 'b a b a b a'],
    ['same words here', 'same words here'],
    ['to be or not to be', 'to be or to be not'],
  ];
  const pairs: Pair[] = tricky.map(([r, h]) => ({ ref: split(r), hyp: split(h), kind: 'tricky' }));
  const rng = createRng('sclite-agreement');
  const small = ['a', 'b', 'c', 'd'];
  // Tiny vocabularies make equal-cost alignments (ties) common.
  for (let k = 0; k < 400; k++) {
    pairs.push({
      ref: words(rng, rng.int(9), small),
      hyp: words(rng, rng.int(9), small),
      kind: 'tie-rich',
    });
  }
  const medium = Array.from({ length: 40 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${i}`);
  for (let k = 0; k < 800; k++) {
    const ref = words(rng, 3 + rng.int(25), k % 2 ? medium : medium.slice(0, 8));
    pairs.push({ ref, hyp: corrupt(rng, ref, medium), kind: 'asr-like' });
  }
  for (let k = 0; k < 20; k++) {
    const ref = words(rng, 150 + rng.int(150), medium);
    pairs.push({ ref, hyp: corrupt(rng, ref, medium), kind: 'long' });
  }
  // Normalised sentences, as lastmile scores them.
  const norm = getNormalizer('en-basic');
  const sentences = [
    [
      "The patient's blood pressure is 120 over 80.",
      'the patients blood pressure is one twenty over eighty',
    ],
    [
      "Please don't move; we'll scan you at 10:30.",
      'please do not move we will scan you at ten thirty',
    ],
    ['Take 2 tablets every 4 hours, um, with water.', 'take to tablets every for hours with water'],
    ['Colour Doppler of the left knee.', 'color doppler of the left knee'],
  ];
  for (const [r, h] of sentences)
    pairs.push({ ref: norm.words(r), hyp: norm.words(h), kind: 'normalised' });
  return pairs;
}

describe.skipIf(!available)('agreement with NIST sclite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-sclite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const pairs = buildPairs();
  const sclite = available ? scliteCounts(dir, pairs) : new Map<number, ScliteCounts>();

  it('scores every pair', () => {
    expect(pairs.length).toBe(1242);
    expect(sclite.size).toBe(pairs.length);
  });

  it('matches C/S/D/I utterance by utterance', () => {
    const mismatches: string[] = [];
    const byKind = new Map<string, number>();
    pairs.forEach((p, k) => {
      const ours = alignCounts(p.ref, p.hyp);
      const theirs = sclite.get(k)!;
      byKind.set(p.kind, (byKind.get(p.kind) ?? 0) + 1);
      const a = [ours.hits, ours.substitutions, ours.deletions, ours.insertions].join(' ');
      const b = [theirs.C, theirs.S, theirs.D, theirs.I].join(' ');
      if (a !== b)
        mismatches.push(
          `#${k} ${p.kind} "${p.ref.join(' ')}" / "${p.hyp.join(' ')}": ours ${a}, sclite ${b}`,
        );
    });
    expect(mismatches).toEqual([]);
    expect(Object.fromEntries(byKind)).toMatchObject({
      tricky: 18,
      'tie-rich': 400,
      'asr-like': 800,
      long: 20,
    });
  });

  it('is a real check: other tie-breaks or unit costs disagree with sclite on some pairs', () => {
    const disagree = (order: string, sub: number, indel: number) =>
      pairs.filter((p, k) => {
        const t = sclite.get(k)!;
        return (
          referenceAlign(p.ref, p.hyp, order, sub, indel).join(' ') !==
          [t.C, t.S, t.D, t.I].join(' ')
        );
      }).length;
    // The same backtrace written independently agrees…
    expect(disagree('gid', 4, 3)).toBe(0);
    // …while preferring deletions over insertions, or unit costs (Levenshtein), do not.
    expect(disagree('gdi', 4, 3)).toBeGreaterThan(0);
    expect(disagree('dgi', 4, 3)).toBeGreaterThan(5);
    expect(disagree('gid', 1, 1)).toBeGreaterThan(50);
  });
});

/** A plain re-implementation with a configurable backtrace preference (g: diagonal, i, d). */
function referenceAlign(
  ref: string[],
  hyp: string[],
  order: string,
  sub: number,
  indel: number,
): number[] {
  const n = ref.length;
  const m = hyp.length;
  const d: number[][] = Array.from({ length: n + 1 }, (_, i) =>
    Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j * indel : j === 0 ? i * indel : 0)),
  );
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      d[i][j] = Math.min(
        d[i - 1][j - 1] + (ref[i - 1] === hyp[j - 1] ? 0 : sub),
        d[i - 1][j] + indel,
        d[i][j - 1] + indel,
      );
    }
  }
  const c = [0, 0, 0, 0];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    for (const o of order) {
      if (o === 'g' && i > 0 && j > 0) {
        const same = ref[i - 1] === hyp[j - 1];
        if (d[i][j] === d[i - 1][j - 1] + (same ? 0 : sub)) {
          c[same ? 0 : 1]++;
          i--;
          j--;
          break;
        }
      }
      if (o === 'd' && i > 0 && d[i][j] === d[i - 1][j] + indel) {
        c[2]++;
        i--;
        break;
      }
      if (o === 'i' && j > 0 && d[i][j] === d[i][j - 1] + indel) {
        c[3]++;
        j--;
        break;
      }
    }
  }
  return c;
}
