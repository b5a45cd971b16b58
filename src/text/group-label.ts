/**
 * What `--group-by` names: one label key (`accent`) or several (`accent,gender`), whose
 * combination is the group ("synthetic/standard × female"). One function, so statistics,
 * reports and the corpus checks name a clip's group the same way.
 */
export const UNLABELLED = '(unlabelled)';
export const GROUP_JOINER = ' × ';

export function groupKeys(groupBy: string): string[] {
  return groupBy
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
}

export function groupLabel(
  labels: Readonly<Record<string, string>> | undefined,
  groupBy: string,
): string {
  const keys = groupKeys(groupBy);
  if (keys.length <= 1) return labels?.[groupBy.trim()] ?? UNLABELLED;
  return keys.map((k) => labels?.[k] ?? UNLABELLED).join(GROUP_JOINER);
}
