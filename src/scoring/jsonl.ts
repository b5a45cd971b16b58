import { readFile } from 'node:fs/promises';
import { LocatedError, UserError } from '../errors.js';

export interface JsonlLine {
  readonly line: number;
  readonly value: Record<string, unknown>;
}

/** Parses a JSON Lines file (blank lines skipped); a bad line is a located user error. */
export async function readJsonl(file: string): Promise<JsonlLine[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const out: JsonlLine[] = [];
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    const trimmed = raw.trim();
    if (!trimmed) continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (e) {
      throw new LocatedError(file, line, 1, `not valid JSON: ${(e as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new LocatedError(file, line, 1, 'expected a JSON object on each line');
    }
    out.push({ line, value: value as Record<string, unknown> });
  }
  return out;
}
