import { type Document, LineCounter, parseDocument } from 'yaml';
import { LocatedError } from '../errors.js';
import { LIMITS, limitOf } from '../input/limits.js';
import { type YamlProblems, yamlProblems } from './yaml-problems.js';

/** Alias uses one file may expand by default (the yaml library's maxAliasCount). */
export const MAX_YAML_ALIASES = LIMITS.yamlAliases.default;

/** A YAML file read as one mapping, with the document kept for locating later problems. */
export interface YamlMapping {
  readonly doc: Document;
  readonly problems: YamlProblems;
  readonly raw: Record<string, unknown>;
  /** Offsets → line and column, for places found after parsing. */
  readonly lines: LineCounter;
}

/**
 * Parses the text of a scenario or suite: syntax errors, a second document, duplicate keys,
 * an empty file, alias expansion past the limit (LASTMILE_MAX_YAML_ALIASES) and a top level that is not a mapping
 * are all thrown as located user errors. `expected` says what the mapping holds.
 */
export function parseYamlMapping(
  text: string,
  file: string,
  what: string,
  expected: string,
): YamlMapping {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems = yamlProblems(doc, lines, file);
  for (const e of doc.errors) problems.at(e.pos[0], yamlErrorText(e.code, e.message));
  if (problems.count) throw problems.error();
  if (doc.contents === null)
    throw new LocatedError(file, 1, 1, `the ${what} is empty (expected ${expected})`);
  let raw: unknown;
  const maxAliases = limitOf('yamlAliases');
  try {
    raw = doc.toJS({ maxAliasCount: maxAliases });
  } catch (e) {
    throw new LocatedError(
      file,
      1,
      1,
      `YAML aliases expand past ${maxAliases} uses (${(e as Error).message.split('\n')[0]}); write the values out, or raise ${LIMITS.yamlAliases.env}`,
    );
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.report([], `a ${what} is a mapping with ${expected}`);
    throw problems.error();
  }
  return { doc, problems, raw: raw as Record<string, unknown>, lines };
}

/** The yaml library's message in lastmile's words where its own advice does not fit. */
function yamlErrorText(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS')
    return 'a second YAML document starts here; lastmile reads one document per file (remove the "---" line or split the file)';
  if (code === 'DUPLICATE_KEY') return 'duplicate key: each key may appear once in a mapping';
  return `YAML syntax: ${message.split('\n')[0]}`;
}
