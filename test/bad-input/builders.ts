/** The shape of a row of test/bad-input/table.ts, and small builders its rows share. */
import type { ExitCode } from '../../src/cli/exit-codes.js';

export interface BadInput {
  /** What is wrong, as a user would say it. */
  readonly input: string;
  /** Files written before the command, by name (relative to the case folder); `{dir}` in text is the case folder. */
  readonly files?: Readonly<Record<string, string | Buffer>>;
  /** Folders created before the command. */
  readonly dirs?: readonly string[];
  /** Symbolic links created before the command: link name → target (as written in the link). */
  readonly links?: Readonly<Record<string, string>>;
  /** Environment variables for the command (shown before it in the doc). */
  readonly env?: Readonly<Record<string, string>>;
  /** The command; `{dir}` is the case folder. */
  readonly args: readonly string[];
  readonly exit: ExitCode;
  /** Text the message must hold (file name, position, the reason), each a substring of stderr. */
  readonly says: readonly string[];
  /** Text stdout must hold (for inputs that are odd but fine, and are accepted). */
  readonly prints?: readonly string[];
  /** Paths (relative to the case folder) that must not exist afterwards: nothing left behind. */
  readonly absent?: readonly string[];
}

export const GOOD =
  'name: good\nseed: 7\nconditions:\n  - name: minus6\n    chain:\n      - gain: { db: -6 }\n';
export const scenario = (body: string) => ({ 'bad.yaml': body });
export const validate = ['validate', '{dir}/bad.yaml'];
export const chain = (step: string) =>
  scenario(`name: s\nseed: 7\nconditions:\n  - name: c\n    chain:\n      - ${step}\n`);
export const suite = (body: string) => ({
  'bad-suite.yaml': `name: s\nscenarios: [good.yaml]\ncorpus: corpus/manifest.jsonl\n${body}`,
});
export const validateSuite = ['validate', '{dir}/bad-suite.yaml'];
export const perturb = (...extra: string[]) => [
  'perturb',
  '{dir}/good.yaml',
  '--corpus',
  '{dir}/corpus/manifest.jsonl',
  '--out',
  '{dir}/heard',
  ...extra,
];
export const perturbCorpus = (manifest: string, ...extra: string[]) => [
  'perturb',
  '{dir}/good.yaml',
  '--corpus',
  `{dir}/${manifest}`,
  '--out',
  '{dir}/heard',
  ...extra,
];
export const row = (o: Record<string, unknown>) => JSON.stringify(o);
export const clip = (id: string, audio = 'clips/c0.wav') =>
  row({ id, audio, text: 'a b', speaker: 's', accent: 'x' });

export const GOOD_SCENARIO = GOOD;

/** `run good.yaml --corpus corpus/manifest.jsonl --out o` plus `extra`. */
export const run = (...extra: string[]) => [
  'run',
  '{dir}/good.yaml',
  '--corpus',
  '{dir}/corpus/manifest.jsonl',
  '--out',
  '{dir}/o',
  ...extra,
];
