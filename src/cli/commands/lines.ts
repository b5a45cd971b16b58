/**
 * Every command's usage line and description, apart from its options and its work: the
 * command list, `--help` and the usage errors need only these, so the CLI starts without
 * loading any command's modules (src/cli/commands/index.ts loads one when it is named).
 */
export const COMMAND_LINES = {
  init: {
    command: 'init [dir]',
    describe: 'Scaffold your own evaluation: suite, scenario, manifest template, CI workflow',
  },
  validate: {
    command: 'validate <files..>',
    describe: 'Check scenario and suite files (a suite with its scenarios, corpus and engines)',
  },
  list: {
    command: 'list [kind]',
    describe: 'List perturbation kinds with their parameters, units and defaults',
  },
  engines: {
    command: 'engines [engine]',
    describe: 'List the speech recognisers with their config keys, defaults and dispatch options',
  },
  perturb: {
    command: 'perturb <scenario>',
    describe: 'Write perturbed WAVs of corpus clips, one folder per condition, to listen to',
  },
  profile: {
    command: 'profile <recording>',
    describe: "Turn a recording of a customer's room into a scenario that reproduces it",
  },
  plan: {
    command: 'plan [scenarios..]',
    describe:
      'Before a paid run: units, audio hours, expected time, cache hits and cost per engine (no engine is called)',
  },
  run: {
    command: 'run [scenarios..]',
    describe: 'Perturb the corpus, transcribe with the engines, stream results (resumable)',
  },
  merge: {
    command: 'merge <dirs..>',
    describe: 'Combine the folders of a sharded run (run --shard i/N) into one, then analyse it',
  },
  worker: {
    command: 'worker',
    describe: 'Process the units of queued runs (lastmile run --queue) until stopped (Ctrl-C)',
  },
  schema: {
    command: 'schema [which]',
    describe: 'Print a JSON Schema (scenario, suite, summary), or write/check the committed copies',
  },
  score: {
    command: 'score <file>',
    describe: 'Score existing transcripts (JSONL of id, ref, hyp) with sclite-compatible WER',
  },
  stats: {
    command: 'stats <dir>',
    describe: 'Fairness statistics of a run: per engine × condition × group; writes summary.json',
  },
  slices: {
    command: 'slices <dir>',
    describe:
      'Worst-slice discovery: conjunctions of labels, conditions and drawn parameters where a group fares worst, with error control; writes slices.json',
  },
  verifyClaim: {
    command: 'verify-claim <claim> <dir>',
    describe:
      'Test a slice claim (YAML) on held-out speakers or a fresh run: confirmed / not confirmed / inconclusive',
  },
  bundle: {
    command: 'bundle <dir>',
    describe:
      'Pack a run into one evidence archive (inputs, hashes, transcripts, statistics, reports, cited audio) that `lastmile reproduce` checks',
  },
  reproduce: {
    command: 'reproduce <bundle>',
    describe:
      'Check an evidence bundle against your own copy of the corpus: audio bit for bit, transcripts, statistics',
  },
  power: {
    command: 'power',
    describe:
      'Plan a corpus: the smallest excess a design can detect, and the speakers a group needs for a given one',
  },
  report: {
    command: 'report <dir>',
    describe:
      'Write the reports of a finished run (HTML, Markdown, JUnit, alignments) and check its gates',
  },
  compare: {
    command: 'compare <baseline> <current>',
    describe:
      'What changed between two runs, cell by cell, with paired intervals and corrected tests',
  },
} as const;
