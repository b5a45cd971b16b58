import {
  closeSync,
  createReadStream,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs';
import { redact } from '../engines/secrets.js';
import { fsUserError, LocatedError } from '../errors.js';
import { type OmittableField, RowCompactor } from './compact-rows.js';
import { REQUIRED_ROW_FIELDS, type UtteranceRow, utteranceRowSchema } from './row.js';

/**
 * The rows of an `utterances.jsonl`, one at a time, validated: memory stays flat however
 * large the run. A damaged line is an error naming file:line:column, never skipped — a run
 * folder whose rows cannot be trusted is not resumed or analysed. Reading never changes the
 * file; a line torn by a kill is cut off only by `repairTornTail`, which `run` calls on resume.
 */
export async function* readUtterances(path: string): AsyncGenerator<UtteranceRow> {
  let carry: Buffer | undefined;
  let line = 0;
  const stream = createReadStream(path);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const buffer: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      let start = 0;
      for (let nl = buffer.indexOf(0x0a); nl !== -1; nl = buffer.indexOf(0x0a, start)) {
        line++;
        const row = parseLine(path, line, buffer.toString('utf8', start, nl), false);
        if (row) yield row;
        start = nl + 1;
      }
      carry = start < buffer.length ? buffer.subarray(start) : undefined;
    }
  } catch (e) {
    throw fsUserError(e, path);
  } finally {
    stream.destroy();
  }
  if (carry) {
    const row = parseLine(path, line + 1, carry.toString('utf8'), true);
    if (row) yield row;
  }
}

/**
 * Every row of the file, in file order (for callers that need them all anyway), with what
 * repeats between rows shared and `omit`'s fields left out (src/results/compact-rows.ts).
 */
export async function readAllUtterances(
  path: string,
  options: { readonly omit?: readonly OmittableField[] } = {},
): Promise<UtteranceRow[]> {
  const compactor = new RowCompactor(options.omit);
  const rows: UtteranceRow[] = [];
  for await (const row of readUtterances(path)) rows.push(compactor.compact(row));
  return rows;
}

function parseLine(
  path: string,
  line: number,
  raw: string,
  last: boolean,
): UtteranceRow | undefined {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (!text.trim()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    if (last)
      throw new LocatedError(
        path,
        line,
        1,
        'the last line is cut off (no newline at its end: a run killed mid-write); `lastmile run` with this folder as --out repairs it and redoes the unit',
      );
    const at = /position (\d+)/.exec((e as Error).message);
    return locatedFail(
      path,
      line,
      at ? Number(at[1]) + 1 : 1,
      `not valid JSON: ${(e as Error).message}`,
    );
  }
  const parsed = utteranceRowSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.join('.') || 'row';
    return locatedFail(
      path,
      line,
      1,
      `${where}: ${issue.message} (not a row of a lastmile run: a row needs ${REQUIRED_ROW_FIELDS})`,
    );
  }
  return parsed.data;
}

function locatedFail(path: string, line: number, column: number, detail: string): never {
  throw new LocatedError(path, line, column, detail);
}

/**
 * Cuts a torn last line (bytes after the final newline, left by a kill mid-write) off the
 * file so appended rows start on a line of their own; the unit it held is simply redone. A
 * last line that is a whole, valid row only missing its newline (a file written by hand) is
 * completed instead. Reads only the file's tail. Returns the bytes removed (0 when the file is
 * whole or absent).
 */
export function repairTornTail(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  try {
    const size = fstatSync(fd).size;
    const keep = endOfLastLine(fd, size);
    if (keep === size) return 0;
    const tail = Buffer.alloc(size - keep);
    readSync(fd, tail, 0, tail.length, keep);
    if (isWholeRow(tail.toString('utf8'))) {
      writeSync(fd, '\n', size);
      return 0;
    }
    ftruncateSync(fd, keep);
    return size - keep;
  } finally {
    closeSync(fd);
  }
}

/** The offset just after the file's last newline (0 when it has none), read from the end. */
function endOfLastLine(fd: number, size: number): number {
  const block = Buffer.alloc(64 * 1024);
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - block.length);
    const n = readSync(fd, block, 0, end - start, start);
    const nl = block.subarray(0, n).lastIndexOf(0x0a);
    if (nl !== -1) return start + nl + 1;
    end = start;
  }
  return 0;
}

function isWholeRow(text: string): boolean {
  try {
    return utteranceRowSchema.safeParse(JSON.parse(text)).success;
  } catch {
    return false;
  }
}

/**
 * Appends rows to utterances.jsonl, one synchronous write per row: a row is on disk before
 * the next unit is reported done, so a kill loses at most the calls in flight, and a row
 * is never split across writes. Everything passes through `redact`.
 */
export class UtterancesWriter {
  private readonly fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  /** Writes the row; returns it as written (redacted), so what a run keeps equals the file. */
  append(row: UtteranceRow): UtteranceRow {
    const text = JSON.stringify(row);
    const safe = redact(text);
    writeSync(this.fd, `${safe}\n`);
    return safe === text ? row : (JSON.parse(safe) as UtteranceRow);
  }

  close(): void {
    closeSync(this.fd);
  }
}
