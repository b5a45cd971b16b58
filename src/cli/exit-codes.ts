/**
 * The one table of exit codes, the same for every command (run, stats, report, compare,
 * validate, ...). Documented once, in docs/exit-codes.md, which a test holds equal to
 * `exitCodesMarkdown()` (regenerate: `npx tsx scripts/update-exit-codes.ts`).
 */
export const EXIT = {
  /** Everything ran and every gate passed (warn-level gates may have printed warnings). */
  ok: 0,
  /** A bug in lastmile: an unexpected error (the message asks for a report). */
  internal: 1,
  /** The command line is wrong: unknown command or option, a flag value out of range. */
  usage: 2,
  /**
   * A check failed: the run finished and a gate at level `error` failed (e.g. a group is
   * disproportionate), `schema --check` found a stale copy, or a run's cost estimate passed
   * the suite's hard limit (refused before any engine call).
   */
  gateFailed: 3,
  /** Too many units failed (engine faults, unreadable clips): the results are incomplete. */
  runErrors: 4,
  /**
   * An input is bad or missing: scenario, suite, manifest, engine config, results folder, or a
   * tool lastmile needs (ffmpeg, pocketsphinx) is not installed.
   */
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
    meaning:
      'a check failed: a gate at level error (e.g. a group is disproportionate), a stale schema, a cost limit (run refused before any engine call)',
  },
  {
    code: EXIT.runErrors,
    name: 'runErrors',
    meaning: 'too many units failed (engine faults, unreadable clips)',
  },
  {
    code: EXIT.badInput,
    name: 'badInput',
    meaning:
      'an input is bad or missing (scenario, suite, manifest, config, results, a needed tool)',
  },
  {
    code: EXIT.nothingTested,
    name: 'nothingTested',
    meaning: 'nothing tested, or no cell could reach a verdict',
  },
  { code: EXIT.interrupted, name: 'interrupted', meaning: 'interrupted; run again to resume' },
];

/** The table of docs/exit-codes.md. */
export function exitCodesMarkdown(): string {
  return [
    '| code | name | meaning |',
    '|---:|---|---|',
    ...EXIT_CODE_DOCS.map((d) => `| ${d.code} | \`${d.name}\` | ${d.meaning} |`),
    '',
  ].join('\n');
}
