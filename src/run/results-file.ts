import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { redact } from '../engines/secrets.js';
import type { UtteranceRow } from '../results/types.js';

export interface ExistingResults {
  /** Rows already on disk, by unit. */
  readonly rows: Map<string, UtteranceRow>;
  /** Bytes dropped from the end: a line torn by a kill, removed before appending. */
  readonly droppedBytes: number;
}

/**
 * Reads the rows of an earlier (possibly killed) run. Only complete, parseable lines count;
 * a torn last line is cut off the file so appended rows start on a line of their own.
 */
export function readExistingResults(path: string): ExistingResults {
  const rows = new Map<string, UtteranceRow>();
  if (!existsSync(path)) return { rows, droppedBytes: 0 };
  const bytes = readFileSync(path);
  let end = bytes.lastIndexOf(0x0a) + 1; // everything after the last newline is torn
  const text = bytes.subarray(0, end).toString('utf8');
  let offset = 0;
  for (const line of text.split('\n')) {
    const length = Buffer.byteLength(line) + 1;
    if (line.trim()) {
      try {
        const row = JSON.parse(line) as UtteranceRow;
        if (typeof row.unit === 'string') rows.set(row.unit, row);
      } catch {
        // A torn line followed by a newline (a kill, then an append by an older version):
        // keep the rest; the unit is simply redone.
      }
    }
    offset += length;
  }
  end = Math.min(end, offset);
  const droppedBytes = bytes.length - end;
  if (droppedBytes > 0) {
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, end);
    } finally {
      closeSync(fd);
    }
  }
  return { rows, droppedBytes };
}

/**
 * Appends rows to utterances.jsonl, one synchronous write per row: a row is on disk before
 * the next unit is reported done, so a kill loses at most the calls in flight, and a row
 * is never split across writes. Everything passes through `redact`.
 */
export class ResultsWriter {
  private readonly fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  append(row: UtteranceRow): void {
    writeSync(this.fd, `${redact(JSON.stringify(row))}\n`);
  }

  close(): void {
    closeSync(this.fd);
  }
}
