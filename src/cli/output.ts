import { paint } from '../text/color.js';

export { paint, useColor } from '../text/color.js';

/**
 * How every command talks to the user, set once from the global flags (--json, --quiet,
 * --verbose) before a command runs. Results go to stdout; notes, warnings and errors to
 * stderr, so `lastmile … --json | jq` always gets clean JSON.
 */
export interface OutputOptions {
  /** Machine output: commands print one JSON document on stdout instead of text. */
  readonly json: boolean;
  /** Only results, warnings and errors: no notes, no progress. */
  readonly quiet: boolean;
  /** More detail, and the stack of an internal error. Also LASTMILE_DEBUG=1. */
  readonly verbose: boolean;
}

let current: OutputOptions = {
  json: false,
  quiet: false,
  verbose: process.env['LASTMILE_DEBUG'] === '1',
};

export function configureOutput(options: Partial<OutputOptions>): void {
  current = {
    json: options.json ?? current.json,
    quiet: options.quiet ?? current.quiet,
    verbose: (options.verbose ?? false) || process.env['LASTMILE_DEBUG'] === '1',
  };
}

export function outputOptions(): OutputOptions {
  return current;
}

/** A result line (or block) on stdout. */
export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** One JSON document on stdout: the whole of a command's output under --json. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A note on stderr ("writing results/…"): dropped by --quiet. */
export function note(text: string): void {
  if (!current.quiet) process.stderr.write(`lastmile: ${text}\n`);
}

/** Detail only --verbose asks for. */
export function detail(text: string): void {
  if (current.verbose) process.stderr.write(`lastmile: ${text}\n`);
}

/** A warning on stderr: shown even with --quiet, since it may change what a result means. */
export function warn(text: string): void {
  process.stderr.write(`${paint('yellow', 'warning:', process.stderr)} ${text}\n`);
}

/** An error message on stderr (the caller sets the exit code). */
export function printError(text: string): void {
  process.stderr.write(`${paint('red', 'lastmile:', process.stderr)} ${text}\n`);
}
