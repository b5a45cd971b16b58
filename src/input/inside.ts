import { isAbsolute, relative } from 'node:path';

/** Whether `path` is `base` or below it (both absolute, with links already resolved). */
export function isInside(base: string, path: string): boolean {
  const rel = relative(base, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
