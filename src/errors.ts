/**
 * An error the user caused and can fix (bad file, bad parameter, missing tool).
 * The CLI prints its message without a stack; any other error is a bug and keeps its stack.
 */
export class UserError extends Error {
  override name = 'UserError' as const;
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

export function isUserError(e: unknown): e is UserError {
  return e instanceof Error && (e.name === 'UserError' || e instanceof UserError);
}
