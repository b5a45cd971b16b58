import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** A place in a user's engine module, `path:line:column`. */
export type ModulePlace = string;

/**
 * Where a user module's own code raised `error`: the first stack frame inside `path` (as a file
 * URL or a plain path), so "TypeError: … of undefined" says which line of the user's module.
 */
export function placeInModule(error: unknown, path: string): ModulePlace | undefined {
  const stack = (error as Error | undefined)?.stack;
  if (typeof stack !== 'string') return undefined;
  const url = pathToFileURL(path).href;
  for (const line of stack.split('\n').slice(1)) {
    for (const prefix of [url, path]) {
      const at = line.indexOf(`${prefix}:`);
      if (at < 0) continue;
      const m = /^:(\d+):(\d+)/.exec(line.slice(at + prefix.length));
      if (m) return `${path}:${m[1]}:${m[2]}`;
    }
  }
  return undefined;
}

/**
 * Where a module's syntax error is. Node's dynamic import() says only "Unexpected token" (no
 * place), so the module is checked again with `node --check` (an argument array, no shell),
 * which prints `path:line`, the line and a caret under the column. Only runs after a failure.
 */
export function syntaxErrorPlace(path: string): Promise<ModulePlace | undefined> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--check', path],
      { timeout: 10_000, encoding: 'utf8' },
      (_error, _stdout, stderr) => {
        const lines = String(stderr).split('\n');
        const head = /^(.*):(\d+)$/.exec(lines[0] ?? '');
        if (!head) return resolve(undefined);
        const caret = (lines[2] ?? '').indexOf('^');
        resolve(`${path}:${head[2]}${caret >= 0 ? `:${caret + 1}` : ''}`);
      },
    );
  });
}

/** `TypeError: message` of a thrown value, on one line. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.split('\n')[0]}`;
  return String(error);
}
