import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fsUserError, UserError } from '../errors.js';
import type { SlicesResult } from './find-slices.js';

/** slices.json in a run folder: written by `lastmile slices`, read by reports and verify-claim. */
export const SLICES_FILE = 'slices.json';

export const slicesPath = (dir: string) => join(dir, SLICES_FILE);

export async function writeSlices(dir: string, result: SlicesResult): Promise<string> {
  const path = slicesPath(dir);
  await writeFile(`${path}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
  return path;
}

/** The folder's slices.json, or undefined when `slices` has not been run on it. */
export async function readSlices(dir: string): Promise<SlicesResult | undefined> {
  const path = slicesPath(dir);
  if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    if (e instanceof SyntaxError)
      throw new UserError(`${path}: not valid JSON (${e.message}); run \`lastmile slices\` again`);
    throw fsUserError(e, path);
  }
  const v = value as Partial<SlicesResult>;
  if (v.schemaVersion !== 1 || !Array.isArray(v.slices) || !v.split)
    throw new UserError(
      `${path}: not a slices.json written by lastmile; run \`lastmile slices\` again`,
    );
  return value as SlicesResult;
}
