/**
 * The one table of exit codes, the same for every command (run, stats, report, compare,
 * validate, ...). Documented once, in docs/exit-codes.md, generated from this table by a test.
 */
export const EXIT = {
  /** Everything ran and every gate passed (warn-level gates may have printed warnings). */
  ok: 0,
  /** A bug in lastmile: an unexpected error (the message asks for a report). */
  internal: 1,
  /** The command line is wrong: unknown command or option, a flag value out of range. */
  usage: 2,
  /** The run finished and a gate at level `error` failed (e.g. a group is disproportionate). */
  gateFailed: 3,
  /** Too many units failed (engine faults, unreadable clips): the results are incomplete. */
  runErrors: 4,
  /** An input file is bad or missing: scenario, suite, manifest, engine config, results folder. */
  badInput: 5,
  /** Nothing could be told: zero units tested, or no cell reached a verdict. */
  nothingTested: 6,
  /** Interrupted (Ctrl-C / SIGTERM); finished units are kept for resume. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** One line per code, for `--help` epilogues and docs. */
export const EXIT_CODE_DOCS: readonly {
  code: ExitCode;
  name: keyof typeof EXIT;
  meaning: string;
}[] = [
  { code: EXIT.ok, name: 'ok', meaning: 'ran; every gate passed (warnings may be printed)' },
  { code: EXIT.internal, name: 'internal', meaning: 'a bug in lastmile (please report it)' },
  {
    code: EXIT.usage,
    name: 'usage',
    meaning: 'bad command line: unknown command or option, bad flag value',
  },
  {
    code: EXIT.gateFailed,
    name: 'gateFailed',
    meaning: 'a gate at level error failed (e.g. a group is disproportionate)',
  },
  {
    code: EXIT.runErrors,
    name: 'runErrors',
    meaning: 'too many units failed (engine faults, unreadable clips)',
  },
  {
    code: EXIT.badInput,
    name: 'badInput',
    meaning: 'an input file is bad or missing (scenario, suite, manifest, config, results)',
  },
  {
    code: EXIT.nothingTested,
    name: 'nothingTested',
    meaning: 'nothing tested, or no cell could reach a verdict',
  },
  { code: EXIT.interrupted, name: 'interrupted', meaning: 'interrupted; run again to resume' },
];
