import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unitKey } from '../../src/results/row.js';
import type { SliceRow } from '../../src/slices/units.js';

/** Writes simulated rows as a results folder's utterances.jsonl (what `slices` reads). */
export async function writeSimulatedFolder(
  dir: string,
  rows: readonly SliceRow[],
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const lines = rows.map((r) =>
    JSON.stringify({ unit: unitKey(r.condition, r.engine, r.id), ...r }),
  );
  await writeFile(join(dir, 'utterances.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

/**
 * The excess of a slice computed from the rows directly, without src/slices: Σ(perturbed −
 * clean errors) / Σ words of the slice's speakers minus the same for everyone else, with
 * errors counted as the simulator makes them (each substituted word is one 'zzz').
 */
export function plantedExcess(
  rows: readonly SliceRow[],
  inSlice: (r: SliceRow) => boolean,
): number {
  const clean = new Map<string, number>();
  for (const r of rows) if (r.condition === 'clean') clean.set(r.id, errorsOf(r));
  const acc = { sd: 0, sw: 0, rd: 0, rw: 0 };
  for (const r of rows) {
    if (r.condition === 'clean' || r.hypothesis === null) continue;
    const d = errorsOf(r) - clean.get(r.id)!;
    const w = r.reference.split(' ').length;
    if (inSlice(r)) {
      acc.sd += d;
      acc.sw += w;
    } else {
      acc.rd += d;
      acc.rw += w;
    }
  }
  return 100 * (acc.sd / acc.sw - acc.rd / acc.rw);
}

const errorsOf = (r: SliceRow) => (r.hypothesis ?? '').split(' ').filter((w) => w === 'zzz').length;
