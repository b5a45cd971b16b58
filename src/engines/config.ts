import { UserError } from '../errors.js';
import { didYouMean } from '../text/closest.js';
import { looksSecret } from './secrets.js';

/**
 * Typed access to an engine's config (from a suite file, where values are typed, or from
 * `--engine-config key=value`, where they are strings). Every read names the engine and key
 * in its error, and `rejectUnknown` catches typos.
 */
export class EngineConfig {
  private readonly read = new Set<string>();

  constructor(
    readonly engineId: string,
    readonly values: Readonly<Record<string, unknown>>,
  ) {
    for (const key of Object.keys(values)) {
      if (looksSecret(key) && !key.endsWith('Env')) {
        throw new UserError(
          `engine ${engineId}: "${key}" looks like a secret; put it in an environment variable and name the variable instead (e.g. apiKeyEnv: MY_KEY) so it never lands in results`,
        );
      }
    }
  }

  string(key: string, fallback: string): string;
  string(key: string): string | undefined;
  string(key: string, fallback?: string): string | undefined {
    this.read.add(key);
    const v = this.values[key];
    if (v === undefined || v === null || v === '') return fallback;
    if (typeof v === 'object') this.fail(key, 'a string', v);
    return String(v);
  }

  number(key: string, fallback: number, range?: { min?: number; max?: number }): number;
  number(key: string): number | undefined;
  number(
    key: string,
    fallback?: number,
    range?: { min?: number; max?: number },
  ): number | undefined {
    this.read.add(key);
    const v = this.values[key];
    if (v === undefined || v === null || v === '') return fallback;
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(n)) this.fail(key, 'a number', v);
    if (range?.min !== undefined && n < range.min) this.fail(key, `a number ≥ ${range.min}`, v);
    if (range?.max !== undefined && n > range.max) this.fail(key, `a number ≤ ${range.max}`, v);
    return n;
  }

  boolean(key: string, fallback: boolean): boolean {
    this.read.add(key);
    const v = this.values[key];
    if (v === undefined || v === null || v === '') return fallback;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'yes' || v === '1') return true;
    if (v === 'false' || v === 'no' || v === '0') return false;
    return this.fail(key, 'true or false', v);
  }

  /** A list: a YAML array, or a string split on whitespace (for `--engine-config`). */
  list(key: string): string[] | undefined {
    this.read.add(key);
    const v = this.values[key];
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v.map(String);
    if (typeof v === 'string') return splitArgs(v);
    return this.fail(key, 'a list', v);
  }

  choice<T extends string>(key: string, values: readonly T[], fallback: T): T {
    const v = this.string(key, fallback);
    if (!values.includes(v as T)) this.fail(key, `one of ${values.join(', ')}`, v);
    return v as T;
  }

  /** Throws naming the first key no read asked for, with the nearest known key. */
  rejectUnknown(known: readonly string[] = []): void {
    const all = [...new Set([...this.read, ...known])];
    for (const key of Object.keys(this.values)) {
      if (!all.includes(key)) {
        throw new UserError(
          `engine ${this.engineId}: unknown config key "${key}"${didYouMean(key, all)}; known: ${all.join(', ')}`,
        );
      }
    }
  }

  private fail(key: string, expected: string, got: unknown): never {
    throw new UserError(
      `engine ${this.engineId}: config ${key} must be ${expected}, got ${JSON.stringify(got)}`,
    );
  }
}

/**
 * Splits a command line into arguments the way a POSIX shell would for plain words, single
 * and double quotes and backslash escapes — and nothing else: no variables, globs or pipes,
 * because the result is passed to spawn as an argument array.
 */
export function splitArgs(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let started = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) current += line[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (c === '\\' && i + 1 < line.length) {
      current += line[++i];
      started = true;
    } else if (/\s/.test(c)) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (quote) throw new UserError(`unterminated ${quote} quote in: ${line}`);
  if (started) args.push(current);
  return args;
}
