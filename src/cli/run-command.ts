import { isUserError } from '../errors.js';

/**
 * Wraps a command's work: user errors print as their message alone and set exit code 1;
 * anything else is a bug and is rethrown with its stack. Commands return their exit code
 * instead of calling process.exit, so tests can call them and output can flush.
 */
export async function runCommand(
  work: () => Promise<number | undefined> | number | undefined,
): Promise<void> {
  try {
    const code = await work();
    if (code !== undefined) process.exitCode = code;
  } catch (e) {
    if (isUserError(e)) {
      process.stderr.write(`lastmile: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}
