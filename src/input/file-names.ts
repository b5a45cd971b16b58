import { createHash } from 'node:crypto';

/** Characters kept in a file name as they are; everything else becomes `_`. */
const SAFE = /^[A-Za-z0-9][A-Za-z0-9_.@=,+-]*$/;
const UNSAFE_CHARACTER = /[^A-Za-z0-9_.@=,+-]/g;
const MAX_LENGTH = 120;

/**
 * File names for ids (clip ids, condition names such as `babble@snr=5`), one per id: safe on
 * every file system (no `/`, `\`, `..`, control characters or reserved punctuation, at most 120
 * characters) and unique even where names differ only in case (macOS, Windows). An id that is
 * already safe and unique keeps its name; any other gets the changed name plus `~` and eight hex
 * digits of its hash — `~` never appears in a kept name, so two ids can never meet in one file.
 */
export function fileNamesFor(ids: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Map<string, number>();
  for (const id of ids) {
    const lower = id.toLowerCase();
    taken.set(lower, (taken.get(lower) ?? 0) + 1);
  }
  for (const id of ids) {
    if (names.has(id)) continue;
    const keep = SAFE.test(id) && id.length <= MAX_LENGTH && taken.get(id.toLowerCase()) === 1;
    names.set(id, keep ? id : changedName(id));
  }
  return names;
}

function changedName(id: string): string {
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 8);
  const stem = id
    .replace(UNSAFE_CHARACTER, '_')
    .replace(/^[._]+/, '')
    .slice(0, MAX_LENGTH - 9);
  return `${stem || 'id'}~${hash}`;
}
