import { UserError } from '../errors.js';

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
