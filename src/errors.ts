/**
 * An error the user caused and can fix (bad file, bad parameter, missing tool).
 * The CLI prints its message without a stack and exits EXIT.badInput; any other error is a
 * bug: the CLI prints one line asking for a report (the stack only with --verbose).
 */
export class UserError extends Error {
  override name = 'UserError' as const;
}

/**
 * A mistake on the command line itself (a flag value out of range, a missing argument, an
 * unknown command or option): printed like a user error, exit EXIT.usage.
 */
export class UsageError extends UserError {
  readonly usage = true as const;
}

/** A user error tied to a place in a file: printed as `file:line:column message`. */
export class LocatedError extends UserError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}:${column} ${detail}`);
  }
}

/** Several user errors found in one pass (a scenario or manifest with many bad entries). */
export class UserErrors extends UserError {
  constructor(
    readonly errors: readonly UserError[],
    summary: string,
  ) {
    super(`${errors.map((e) => e.message).join('\n')}\n${summary}`);
  }
}

/** Several mistakes on the command line found in one pass (exit EXIT.usage). */
export class UsageErrors extends UserErrors {
  readonly usage = true as const;
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof Error && (e.name === 'UserError' || e instanceof UserError);
}

export function isUsageError(e: unknown): e is UsageError {
  return isUserError(e) && (e as Partial<UsageError>).usage === true;
}

/** Plain words for the file-system failures a user can cause and fix. */
const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'not found',
  EISDIR: 'is a folder, expected a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on the device',
  EROFS: 'on a read-only file system',
  EMFILE: 'too many open files (raise `ulimit -n`)',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many levels of symbolic links',
  EBUSY: 'busy (in use by another process)',
};

/** The Node errno code of `e` ("ENOENT"), if it is a file-system error we can explain. */
export function fsErrorCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code in FS_REASONS ? code : undefined;
}

/**
 * A Node file-system error as a user error naming the file and the reason in plain words:
 * `fsUserError(e, file, 'scenario file')` → `scenarios/x.yaml: scenario file not found`, or
 * `scenarios/: is a folder, expected a file`.
 * Node leaves `path` off some errors (EISDIR from readFile), so the caller names the file.
 * Anything that is not a file-system error comes back unchanged (a bug keeps its stack).
 */
export function fsUserError(e: unknown, file?: string, what?: string): unknown {
  const code = fsErrorCode(e);
  if (code === undefined) return e;
  const where = file ?? (e as NodeJS.ErrnoException).path;
  const reason = code === 'ENOENT' && what ? `${what} not found` : FS_REASONS[code];
  return new UserError(where ? `${where}: ${reason}` : `${reason} (${(e as Error).message})`);
}
