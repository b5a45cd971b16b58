import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** NIST sclite (Debian `sctk`); `$SCLITE` overrides the path. */
export const SCLITE = process.env['SCLITE'] ?? '/usr/lib/sctk/bin/sclite';
export const scliteAvailable = existsSync(SCLITE);
if (!scliteAvailable && process.env['CI'])
  throw new Error(`sclite not found at ${SCLITE} (install sctk)`);

/** sclite's per-utterance counts: correct, substitutions, deletions, insertions. */
export interface ScliteCounts {
  C: number;
  S: number;
  D: number;
  I: number;
}

/** One reference/hypothesis pair as word lists (already normalised: sclite is given them as they are). */
export interface WordPair {
  readonly ref: readonly string[];
  readonly hyp: readonly string[];
}

/** Characters trn files give a meaning of their own (ids, optionally deletable words, alternations). */
const SPECIAL = /[(){}/;]/;

/**
 * Scores `pairs` with sclite: writes `ref.trn` and `hyp.trn` into `dir` (utterance k has the id
 * `(spk-u0000k)`), runs `sclite -r ref.trn trn -h hyp.trn trn -i rm -o pra stdout` and returns
 * each utterance's counts by its index in `pairs`.
 */
export function scliteCounts(dir: string, pairs: readonly WordPair[]): Map<number, ScliteCounts> {
  for (const p of pairs)
    for (const w of [...p.ref, ...p.hyp])
      if (SPECIAL.test(w)) throw new Error(`word "${w}" has a character trn files reserve`);
  const id = (k: number) => `(spk-u${String(k).padStart(5, '0')})`;
  const trn = (side: 'ref' | 'hyp') =>
    pairs.map((p, k) => `${p[side].join(' ')} ${id(k)}`).join('\n') + '\n';
  writeFileSync(join(dir, 'ref.trn'), trn('ref'));
  writeFileSync(join(dir, 'hyp.trn'), trn('hyp'));
  const out = execFileSync(
    SCLITE,
    [
      '-r',
      join(dir, 'ref.trn'),
      'trn',
      '-h',
      join(dir, 'hyp.trn'),
      'trn',
      '-i',
      'rm',
      '-o',
      'pra',
      'stdout',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  const result = new Map<number, ScliteCounts>();
  const re = /id: \(spk-u(\d+)\)\s*\nScores: \(#C #S #D #I\) (\d+) (\d+) (\d+) (\d+)/g;
  for (const m of out.matchAll(re)) {
    result.set(Number(m[1]), {
      C: Number(m[2]),
      S: Number(m[3]),
      D: Number(m[4]),
      I: Number(m[5]),
    });
  }
  return result;
}
