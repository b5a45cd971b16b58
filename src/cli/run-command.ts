import { inspect } from 'node:util';
import { fsErrorCode, fsUserError, isUsageError, isUserError } from '../errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { outputOptions, printError } from './output.js';

/**
 * Wraps a command's work. Commands return their exit code (EXIT.*) instead of calling
 * process.exit, so tests can call them and output can flush; a thrown error becomes a message
 * and an exit code by `reportError`.
 */
export async function runCommand(
  work: () => Promise<ExitCode | undefined> | ExitCode | undefined,
): Promise<void> {
  try {
    const code = await work();
    if (code !== undefined) process.exitCode = code;
  } catch (e) {
    process.exitCode = reportError(e);
  }
}

/**
 * The one place an error meets the user. A usage error or a user error prints its message;
 * a Node file-system error that escaped its reader still names the file and the reason; any
 * other error is a bug in lastmile: one line asking for a report, the stack only with
 * --verbose (or LASTMILE_DEBUG=1) — a stack trace never reaches a user who did not ask.
 */
export function reportError(e: unknown): ExitCode {
  if (isUsageError(e)) {
    printError(e.message);
    return EXIT.usage;
  }
  if (isUserError(e)) {
    printError(e.message);
    return EXIT.badInput;
  }
  if (fsErrorCode(e) !== undefined) {
    printError((fsUserError(e) as Error).message);
    return EXIT.badInput;
  }
  // Not every throw is an Error: a worker thread or a native module can reject with a plain
  // object, which String() would print as "[object Object]".
  const message =
    e instanceof Error
      ? e.message
      : typeof e === 'string'
        ? e
        : inspect(e, { depth: 3, breakLength: Number.POSITIVE_INFINITY });
  printError(
    `internal error: ${message.split('\n')[0]}, please report it${outputOptions().verbose ? '' : ' (add --verbose for the stack trace)'}`,
  );
  if (outputOptions().verbose && e instanceof Error && e.stack)
    process.stderr.write(`${e.stack}\n`);
  return EXIT.internal;
}
