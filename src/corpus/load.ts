import { createHash } from 'node:crypto';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { UserError } from '../errors.js';
import { isInside } from '../input/inside.js';
import { readInputText } from '../input/read-text.js';
import { groupKeys } from '../text/group-label.js';
import type { Clip, Corpus } from './types.js';

export interface LoadCorpusOptions {
  /** Continue with the good rows and report the bad ones instead of failing. */
  readonly skipBad?: boolean;
  /** Label every clip must carry (the run's --group-by). */
  readonly groupBy?: string;
}

/** Column names accepted for each field, in order of preference. */
const FIELDS = {
  id: ['id', 'utt_id', 'utterance_id', 'clip_id'],
  audio: ['audio_filepath', 'audio', 'path', 'file', 'filename', 'wav'],
  text: ['text', 'sentence', 'transcript', 'reference', 'ref'],
  speaker: ['speaker', 'speaker_id', 'client_id', 'spk'],
  duration: ['duration'],
} as const;
const NOT_LABELS = new Set<string>([
  ...Object.values(FIELDS).flat(),
  'up_votes',
  'down_votes',
  'locale',
  'segment',
  'variant',
  'sentence_id',
  'sentence_domain',
]);

type Row = { line: number; fields: Record<string, unknown> };

/**
 * Loads a corpus manifest: NeMo-style JSONL, CSV with a header, or a Common Voice TSV
 * (`path`, `sentence`, `accents`, `client_id` as speaker; audio under `clips/`). Audio paths
 * resolve relative to the manifest. Every bad row is reported with its line; with
 * `skipBad` the good rows are kept and the bad ones listed in `skipped`.
 */
export async function loadCorpus(
  manifest: string,
  options: LoadCorpusOptions = {},
): Promise<Corpus> {
  const text = await readInputText(manifest, 'manifest', 'manifestBytes');
  const ext = extname(manifest).toLowerCase();
  const { rows, format } =
    ext === '.jsonl' || ext === '.json'
      ? { rows: jsonlRows(manifest, text), format: 'jsonl' as const }
      : delimitedRows(manifest, text, ext === '.tsv');
  const root = dirname(resolve(manifest));
  const base = corpusRoot(root);
  const problems: string[] = [];
  const clips: Clip[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of rows) {
    const checked = checkRow(fields, { root, base, format, groupBy: options.groupBy, seen });
    if ('problems' in checked) {
      problems.push(...checked.problems.map((p) => `${manifest}:${line}: ${p}`));
      continue;
    }
    seen.set(checked.clip.id, line);
    clips.push(checked.clip);
  }
  if (problems.length && !options.skipBad) {
    const bad = new Set(problems.map((p) => p.split(': ')[0])).size;
    throw new UserError(
      `${problems.join('\n')}\n${manifest}: ${bad} bad row${bad === 1 ? '' : 's'} of ${rows.length}; fix them or pass --skip-bad to continue with the ${rows.length - bad} good rows`,
    );
  }
  if (clips.length === 0) throw new UserError(`${manifest}: no usable clips`);
  return { manifest, format, clips, skipped: problems };
}

/** sha256 over the manifest's clips (ids, texts, speakers, labels, audio bytes' paths). */
export function corpusFingerprint(corpus: Corpus): string {
  const h = createHash('sha256');
  for (const c of corpus.clips)
    h.update(JSON.stringify([c.id, c.text, c.speaker, c.labels, basename(c.audioPath)]));
  return h.digest('hex');
}

function jsonlRows(manifest: string, text: string): Row[] {
  const rows: Row[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('//')) return;
    try {
      const fields = JSON.parse(line);
      if (fields === null || typeof fields !== 'object' || Array.isArray(fields))
        throw new Error('not an object');
      rows.push({ line: i + 1, fields });
    } catch (e) {
      rows.push({ line: i + 1, fields: { __invalid: (e as Error).message } });
    }
  });
  const invalid = rows.filter((r) => '__invalid' in r.fields);
  if (invalid.length) {
    throw new UserError(
      invalid
        .map((r) => `${manifest}:${r.line}: not a JSON object (${r.fields.__invalid})`)
        .join('\n'),
    );
  }
  return rows;
}

function delimitedRows(
  manifest: string,
  text: string,
  tab: boolean,
): { rows: Row[]; format: Corpus['format'] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      delimiter: tab ? '\t' : ',',
      // Common Voice TSVs are written without quoting; sentences may contain quote marks.
      quote: tab ? false : '"',
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
      info: true,
      trim: true,
    }) as never;
  } catch (e) {
    throw new UserError(
      `${manifest}: cannot read as ${tab ? 'TSV' : 'CSV'}: ${(e as Error).message}`,
    );
  }
  const [head, ...body] = records;
  const header = head?.record ?? [];
  // A field holding the delimiter (a quoted tab in a TSV) shifts every later column: refuse the row.
  const widthProblems = body
    .filter(({ record }) => record.length !== header.length)
    .map(
      ({ record, info }) =>
        `${manifest}:${info.lines}: ${record.length} fields, the header has ${header.length}${tab ? ' (a tab inside a field? Common Voice TSVs are not quoted)' : ''}`,
    );
  if (widthProblems.length) throw new UserError(widthProblems.join('\n'));
  const commonVoice = tab && header.includes('path') && header.includes('sentence');
  const rows = body.map(({ record, info }) => {
    const fields: Record<string, unknown> = Object.fromEntries(
      header.map((h, i) => [h, record[i]]),
    );
    if (commonVoice) {
      // Common Voice calls the accent column `accents` (v10+) or `accent` (older releases).
      const accent = fields.accents ?? fields.accent;
      delete fields.accents;
      if (accent !== undefined) fields.accent = accent;
    }
    return { line: info.lines, fields };
  });
  return { rows, format: commonVoice ? 'commonvoice-tsv' : tab ? 'tsv' : 'csv' };
}

interface RowContext {
  /** The manifest's folder: relative audio paths start here. */
  readonly root: string;
  /** The folder audio must stay inside (links resolved): the manifest's, or LASTMILE_CORPUS_ROOT. */
  readonly base: string;
  readonly format: Corpus['format'];
  readonly groupBy?: string;
  readonly seen: ReadonlyMap<string, number>;
}

/** One manifest row as a clip, or every problem it has (without the `file:line` prefix). */
function checkRow(
  fields: Record<string, unknown>,
  { root, base, format, groupBy, seen }: RowContext,
): { clip: Clip } | { problems: string[] } {
  const problems: string[] = [];
  for (const names of [FIELDS.id, FIELDS.audio, FIELDS.text, FIELDS.speaker]) {
    const name = names.find((n) => fields[n] !== undefined && fields[n] !== null);
    if (name && typeof fields[name] === 'object')
      problems.push(
        `"${name}" must be text or a number, got ${Array.isArray(fields[name]) ? 'a list' : 'a mapping'}`,
      );
  }
  if (problems.length) return { problems };
  const audioField = pick(fields, FIELDS.audio);
  const textField = pick(fields, FIELDS.text);
  if (!audioField) problems.push(`no audio path (expected a column ${FIELDS.audio.join(' / ')})`);
  if (textField === undefined)
    problems.push(`no reference text (expected ${FIELDS.text.join(' / ')})`);
  const audioPath = audioField ? resolveAudio(root, audioField, format) : '';
  if (audioField) {
    // An absolute path says where the audio lives on purpose; a relative one may not climb out.
    const problem = audioProblem(audioPath, isAbsolute(audioField) ? undefined : base);
    if (problem === 'not found') problems.push(`audio file not found: ${audioField}`);
    else if (problem) problems.push(`audio file ${JSON.stringify(audioField)} ${problem}`);
  }
  const id =
    pick(fields, FIELDS.id) || (audioField ? basename(audioField, extname(audioField)) : '');
  const idProblem = clipIdProblem(id);
  if (idProblem) problems.push(idProblem);
  if (id && seen.has(id)) problems.push(`duplicate id "${id}" (first on line ${seen.get(id)})`);
  const labels = labelsOf(fields);
  for (const key of groupKeys(groupBy ?? ''))
    if (!labels[key]) problems.push(`no "${key}" label (the run groups by it)`);
  if (problems.length) return { problems };
  const speaker = pick(fields, FIELDS.speaker) || `clip:${id}`;
  const durationRaw = pick(fields, FIELDS.duration);
  return {
    clip: {
      id,
      audioPath,
      text: textField ?? '',
      speaker,
      labels,
      ...(durationRaw && Number.isFinite(Number(durationRaw)) && { duration: Number(durationRaw) }),
    },
  };
}

/**
 * Clip ids are printed in messages and tables and written into file names (perturb makes them
 * file-safe with fileNamesFor, so `../x` cannot leave its folder); control characters could
 * drive the terminal that shows them, so they are refused where the id enters.
 */
export function clipIdProblem(id: string): string | undefined {
  if (hasControlCharacter(id) || id.length > 1000)
    return `clip id ${JSON.stringify(id.length > 60 ? `${id.slice(0, 60)}…` : id)} must be printable text of at most 1000 characters (no control characters)`;
  return undefined;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** The folder audio paths must stay inside: LASTMILE_CORPUS_ROOT when set, else the manifest's. */
function corpusRoot(root: string): string {
  const chosen = process.env.LASTMILE_CORPUS_ROOT
    ? resolve(process.env.LASTMILE_CORPUS_ROOT)
    : root;
  try {
    return realpathSync(chosen);
  } catch {
    return chosen;
  }
}

/** Why an audio path cannot be used (missing, a folder, or outside `base` once links resolve). */
function audioProblem(path: string, base: string | undefined): string | undefined {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return 'not found';
  }
  if (base !== undefined && !isInside(base, real))
    return `leaves the corpus folder ${base}; move the audio under it, set LASTMILE_CORPUS_ROOT to a folder that holds both, or write the absolute path`;
  return isFile(real) ? undefined : 'is not a file';
}

function pick(fields: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const v = fields[name];
    if (v !== undefined && v !== null && String(v).trim() !== '') return String(v).trim();
  }
  return undefined;
}

function labelsOf(fields: Record<string, unknown>): Record<string, string> {
  const labels: Record<string, string> = {};
  const keys = Object.keys(fields).filter((k) => !NOT_LABELS.has(k));
  // Accent first among the labels: the default grouping and the first column of reports.
  keys.sort((a, b) => Number(b === 'accent') - Number(a === 'accent'));
  for (const key of keys) {
    const v = fields[key];
    if (v === null || v === undefined || typeof v === 'object') continue;
    const s = String(v).trim();
    if (s !== '') labels[key] = s;
  }
  return labels;
}

function resolveAudio(root: string, path: string, format: Corpus['format']): string {
  if (isAbsolute(path)) return path;
  const direct = resolve(root, path);
  if (format === 'commonvoice-tsv' && !existsSync(direct)) return resolve(root, 'clips', path);
  return direct;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
