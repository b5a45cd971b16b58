import { parse as parseYaml } from 'yaml';
import type { CommandModule } from 'yargs';
import { checkScenarioCodecs } from '../../codecs/needed.js';
import { loadCorpus } from '../../corpus/load.js';
import { parseEngineSetups } from '../../engines/setup.js';
import { isUserError, LocatedError, UserErrors } from '../../errors.js';
import { readInputText } from '../../input/read-text.js';
import { loadSuite } from '../../run/suite.js';
import { checkScenarioFiles } from '../../scenario/files.js';
import { loadScenario, parseScenario } from '../../scenario/load.js';
import type { Scenario } from '../../scenario/types.js';
import { loadKeywordList } from '../../scoring/keywords.js';
import { EXIT } from '../exit-codes.js';
import { outputOptions, print, printJson, warn } from '../output.js';
import { runCommand } from '../run-command.js';
import { COMMAND_LINES } from './lines.js';

interface Args {
  files: string[];
}

/** One problem, located when the loader knew where (`--json` carries these fields). */
interface Problem {
  file?: string;
  line?: number;
  column?: number;
  message: string;
}

/** What `validate --json` prints for each file. */
type Checked =
  | { file: string; kind: 'scenario' | 'suite'; ok: true; summary: string }
  | { file: string; kind: 'scenario' | 'suite'; ok: false; problems: Problem[] };

export const validateCommand: CommandModule<object, Args> = {
  ...COMMAND_LINES.validate,
  builder: (y) =>
    y
      .positional('files', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'Scenario or suite YAML files (a file with a "scenarios" list is a suite)',
      })
      .example('$0 validate scenarios/*.yaml', 'Check every built-in scenario')
      .example(
        '$0 validate suites/nightly.yaml --json',
        'Check a suite; machine-readable',
      ) as never,
  handler: (args) =>
    runCommand(async () => {
      const results: Checked[] = [];
      for (const file of args.files) {
        const checked = await check(file);
        results.push(checked);
        if (outputOptions().json) continue;
        if (checked.ok) {
          if (!outputOptions().quiet) print(`${file}: ok — ${checked.summary}`);
        } else {
          const n = checked.problems.length;
          const count = n > 1 ? `${file}: ${n} problems\n` : '';
          process.stderr.write(`${checked.problems.map(problemText).join('\n')}\n${count}`);
        }
      }
      const failed = results.filter((r) => !r.ok).length;
      if (outputOptions().json) printJson({ ok: failed === 0, files: results });
      return failed ? EXIT.badInput : EXIT.ok;
    }),
};

async function check(file: string): Promise<Checked> {
  let kind: Checked['kind'] = 'scenario';
  const problems: Problem[] = [];
  let summary = '';
  try {
    const text = await readInputText(file, 'file', 'yamlBytes');
    kind = looksLikeSuite(text) ? 'suite' : 'scenario';
    summary =
      kind === 'suite'
        ? await checkSuite(file, problems)
        : await scenarioSummary(text, file, problems);
  } catch (e) {
    if (!isUserError(e)) throw e;
    problems.push(...problemsOf(e));
  }
  return problems.length ? { file, kind, ok: false, problems } : { file, kind, ok: true, summary };
}

/** A suite lists scenarios; a scenario lists conditions. Unreadable YAML counts as a scenario. */
function looksLikeSuite(text: string): boolean {
  try {
    const doc = parseYaml(text) as unknown;
    return typeof doc === 'object' && doc !== null && 'scenarios' in doc && !('conditions' in doc);
  } catch {
    return false;
  }
}

/** Also checks that the codecs its conditions need load here, before any audio is processed. */
async function scenarioSummary(text: string, file: string, problems: Problem[]): Promise<string> {
  const s = parseScenario(text, file);
  await checkScenarioFiles(s);
  for (const w of s.warnings ?? []) warn(w);
  for (const message of await checkScenarioCodecs(s)) problems.push({ file, message });
  if (s.keywords) await loadKeywordList(s.keywords);
  const n = s.conditions.length;
  return `${s.name}, ${n} condition${n === 1 ? '' : 's'} + clean${lengthNote(s)}`;
}

/**
 * Conditions whose chain lengthens the clip (`silence`): said on every validate, because such
 * audio is compared with clean audio through the recorded spans, not sample for sample.
 */
function lengthNote(s: Scenario): string {
  const changing = s.conditions
    .filter((c) => c.chain.some((step) => step.perturbation.changesLength))
    .map((c) => c.name);
  return changing.length ? `; changes clip length: ${changing.join(', ')}` : '';
}

/** The suite itself, then everything it names: scenarios, engine ids, the corpus manifest. */
async function checkSuite(file: string, problems: Problem[]): Promise<string> {
  const suite = await loadSuite(file);
  if (suite.keywords)
    await loadKeywordList(suite.keywords).catch((e) => problems.push(...problemsOf(e)));
  let conditions = 0;
  const lengthNotes: string[] = [];
  for (const scenario of suite.scenarios) {
    try {
      const loaded = await loadScenario(scenario);
      for (const w of loaded.warnings ?? []) warn(w);
      conditions += loaded.conditions.length;
      const note = lengthNote(loaded);
      if (note) lengthNotes.push(`${loaded.name}${note.replace(/^;/, ':')}`);
      for (const message of await checkScenarioCodecs(loaded))
        problems.push({ file: scenario, message });
    } catch (e) {
      if (!isUserError(e)) throw e;
      problems.push(...problemsOf(e));
    }
  }
  // Engine ids and each engine's config, located in the suite file (no engine is started).
  let engines = 0;
  try {
    engines = parseEngineSetups({ suite: { file, engines: suite.engines ?? [] } }).length;
  } catch (e) {
    if (!isUserError(e)) throw e;
    problems.push(...problemsOf(e));
  }
  let clips = 0;
  try {
    clips = (await loadCorpus(suite.corpus, { groupBy: suite.groupBy })).clips.length;
  } catch (e) {
    if (!isUserError(e)) throw e;
    problems.push(...problemsOf(e));
  }
  const n = suite.scenarios.length;
  const lengths = lengthNotes.length ? `; ${lengthNotes.join('; ')}` : '';
  return `suite ${suite.name}, ${n} scenario${n === 1 ? '' : 's'} (${conditions} conditions), ${engines} engine${engines === 1 ? '' : 's'}, ${clips} clips${lengths}`;
}

function problemsOf(e: Error): Problem[] {
  if (e instanceof UserErrors) return e.errors.flatMap(problemsOf);
  if (e instanceof LocatedError) {
    return [{ file: e.file, line: e.line, column: e.column, message: e.detail }];
  }
  return [{ message: e.message }];
}

function problemText(p: Problem): string {
  if (p.file === undefined) return p.message;
  return p.line ? `${p.file}:${p.line}:${p.column} ${p.message}` : `${p.file}: ${p.message}`;
}
