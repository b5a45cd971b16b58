/**
 * Whether a run used the bundled synthetic corpus: its manifest, or groups labelled
 * `synthetic/…` (the bundled accents, also when the manifest was copied elsewhere). The console
 * and the report both warn then: the groups are not accents.
 */
export function isSyntheticCorpus(
  manifest: string | undefined,
  groups: Iterable<string | undefined>,
): boolean {
  if (/fixtures[\\/]corpus[\\/]manifest\.jsonl$/.test(manifest ?? '')) return true;
  for (const g of groups) if (g?.startsWith('synthetic/')) return true;
  return false;
}
