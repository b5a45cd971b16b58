import { LocatedError } from '../errors.js';
import { readInputText } from '../input/read-text.js';

/** One reference/hypothesis pair to score. `hyp` null: an errored unit (not scored). */
export interface Pair {
  readonly id: string;
  readonly ref: string;
  readonly hyp: string | null;
}

/**
 * The input of `lastmile score`: a JSON Lines file of `id` (or `unit`), `ref`/`reference`,
 * `hyp`/`hypothesis`. Rows of `utterances.jsonl` qualify as they are (their `unit` is used as
 * the id, being unique), but this format is looser than a run's rows on purpose — transcripts
 * from elsewhere score too — so it has its own reader; a run folder is read by
 * src/results/utterances.ts. A bad line is a located user error.
 */
export async function readPairsFile(file: string): Promise<Pair[]> {
  // Strict UTF-8: a Latin-1 "é" must not be scored as a substitution by a U+FFFD.
  const text = await readInputText(file, 'file', 'manifestBytes');
  const pairs: Pair[] = [];
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
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new LocatedError(file, line, 1, 'expected a JSON object on each line');
    pairs.push(toPair(file, line, value as Record<string, unknown>));
  }
  return pairs;
}

function toPair(file: string, line: number, value: Record<string, unknown>): Pair {
  const id = value['unit'] ?? value['id'];
  const ref = value['ref'] ?? value['reference'];
  const hyp = value['hyp'] !== undefined ? value['hyp'] : value['hypothesis'];
  if (typeof id !== 'string' && typeof id !== 'number')
    throw new LocatedError(file, line, 1, 'missing "id" (a string)');
  if (typeof ref !== 'string')
    throw new LocatedError(file, line, 1, 'missing "ref" or "reference" (a string)');
  if (hyp !== null && typeof hyp !== 'string')
    throw new LocatedError(
      file,
      line,
      1,
      'missing "hyp" or "hypothesis" (a string, or null for a failed unit)',
    );
  return { id: String(id), ref, hyp: hyp as string | null };
}
