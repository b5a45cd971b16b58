import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UtteranceRow } from '../results/row.js';
import { loadClaim } from '../slices/claim.js';
import { type ClaimResult, claimText, verifyClaim } from '../slices/verify.js';
import { note, outputOptions, print } from './output.js';

/**
 * A suite's accepted claims, re-tested on the run just made (a fresh run: all its speakers),
 * printed and kept in claims.json. A claim is a tracked finding, not a gate: whether it still
 * holds is news either way, so the exit code stays the gates'.
 */
export async function retestClaims(
  out: string,
  rows: readonly UtteranceRow[],
  files: readonly string[],
): Promise<ClaimResult[]> {
  const sorted = [...rows].sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
  const results: ClaimResult[] = [];
  for (const file of files) results.push(verifyClaim(sorted, await loadClaim(file)));
  await writeFile(join(out, 'claims.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (!outputOptions().json) for (const r of results) print(claimText(r));
  note(`re-tested ${results.length} claim${results.length === 1 ? '' : 's'}: wrote claims.json`);
  return results;
}
