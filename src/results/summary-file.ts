import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Where the JSON Schema of summary.json is committed (generated from the summary's zod schema). */
export const SUMMARY_SCHEMA_PATH = 'schemas/summary.schema.json';

/** summary.json text: two-space indent, trailing newline, keys in schema order. */
export function summaryText(summary: object): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}

export async function writeSummary(path: string, summary: object): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, summaryText(summary));
}
