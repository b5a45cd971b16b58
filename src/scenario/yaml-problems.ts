import { type Document, isMap, isPair, isScalar, type LineCounter } from 'yaml';
import { LocatedError, UserErrors } from '../errors.js';
import type { SourcePosition } from '../perturbation/chain.js';

/** A path into the parsed document: mapping keys and sequence indexes. */
export type PathKey = string | number;

/** Records a problem at the node `path` (or at its key `key`), prefixed with the path. */
export type Report = (path: readonly PathKey[], message: string, key?: string) => void;

/**
 * The problems found in one YAML document, each at file:line:column, collected so that one pass
 * over a scenario shows every mistake in it rather than the first.
 */
export interface YamlProblems {
  readonly report: Report;
  /** Records a problem at a character offset, with no path prefix (YAML syntax errors). */
  at(offset: number, message: string): void;
  /** Where the node at `path` starts. */
  position(path: readonly PathKey[]): SourcePosition;
  readonly count: number;
  /** Every problem found so far, sorted by place and without repeats, as one user error. */
  error(): UserErrors;
}

export function yamlProblems(doc: Document, lines: LineCounter, file: string): YamlProblems {
  const errors: LocatedError[] = [];
  const position = (offset: number): SourcePosition => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col };
  };
  const at = (offset: number, message: string) => {
    const { line, column } = position(offset);
    errors.push(new LocatedError(file, line, column, message));
  };
  return {
    at,
    report: (path, message, key) =>
      at(offsetOf(doc, path, key), `${pathText(path, key)}${message}`),
    position: (path) => position(offsetOf(doc, path)),
    get count() {
      return errors.length;
    },
    error: () => collect(dedupe(errors), file),
  };
}

function pathText(path: readonly PathKey[], key?: string): string {
  const parts = [...path, ...(key === undefined ? [] : [key])];
  const text = parts
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  return text ? `${text}: ` : '';
}

/** Offset in the source of the node at `path` (or of the key `key` within it). */
function offsetOf(doc: Document, path: readonly PathKey[], key?: string): number {
  let node: unknown = doc.contents;
  let offset = 0;
  const rangeOf = (n: unknown) => (n as { range?: [number, number, number] }).range?.[0];
  offset = rangeOf(node) ?? 0;
  for (const part of path) {
    if (!node || typeof node !== 'object') break;
    const next = (node as { get?: (k: PathKey, keep: boolean) => unknown }).get?.(part, true);
    if (next === undefined) {
      const pair = isMap(node)
        ? node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === part)
        : undefined;
      if (pair && isScalar(pair.key)) offset = pair.key.range?.[0] ?? offset;
      return offset;
    }
    node = next;
    offset = rangeOf(node) ?? offset;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key)) offset = pair.key.range?.[0] ?? offset;
  }
  return offset;
}

function dedupe(errors: LocatedError[]): LocatedError[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.message) && seen.add(e.message));
}

function collect(errors: LocatedError[], file: string): UserErrors {
  const sorted = [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
  return new UserErrors(
    sorted,
    `${file}: ${sorted.length} problem${sorted.length === 1 ? '' : 's'}`,
  );
}
