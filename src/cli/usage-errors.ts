import { UsageError } from '../errors.js';
import { closest } from '../text/closest.js';

/** What yargs knows at the moment it fails: the options of the command being parsed. */
export interface KnownOptions {
  readonly key: Readonly<Record<string, unknown>>;
  readonly alias: Readonly<Record<string, readonly string[]>>;
  readonly boolean: readonly string[];
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Turns a yargs failure into one usage error that says what was wrong and the nearest valid
 * name. yargs reports an unknown option late and obliquely (`validate --jsn a.yaml` reads
 * a.yaml as the value of --jsn and complains about a missing file argument), so the command
 * line is read again here, in order: an unknown command, then unknown options, then what
 * yargs said.
 */
export function explainParseFailure(
  message: string,
  argv: readonly string[],
  commandUsage: ReadonlyMap<string, string>,
  options: KnownOptions,
): UsageError {
  const commandNames = [...commandUsage.keys()];
  const tokens = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  const command = tokens.find((t) => !t.startsWith('-'));
  const hint = `Run "lastmile${command && commandNames.includes(command) ? ` ${command}` : ''} --help" for usage.`;
  if (command !== undefined && !commandNames.includes(command)) {
    return new UsageError(`unknown command "${command}"${suggest(command, commandNames)}\n${hint}`);
  }
  const unknown = unknownOptions(tokens, options);
  if (unknown.length) {
    const candidates = optionSpellings(options);
    const list = unknown.map((u) => `${u}${suggest(u, candidates)}`).join(', ');
    return new UsageError(`unknown option${unknown.length === 1 ? '' : 's'} ${list}\n${hint}`);
  }
  const extra = /^Unknown arguments?: (.*)$/.exec(message);
  if (extra) {
    const words = extra[1].split(', ');
    return new UsageError(
      `unexpected argument${words.length === 1 ? '' : 's'} ${words.map((w) => `"${w}"`).join(', ')}\n${hint}`,
    );
  }
  return new UsageError(
    `${yargsMessage(message, tokens, command && commandUsage.get(command))}\n${hint}`,
  );
}

/** yargs' own messages, said the way lastmile says things. */
function yargsMessage(message: string, tokens: readonly string[], usage?: string): string {
  if (message.startsWith('Not enough non-option arguments') && usage) {
    return `missing an argument: lastmile ${usage}`;
  }
  const choice = /Argument: (\S+), Given: "(.*)", Choices: (.*)/.exec(message);
  if (choice) {
    const [, name, given, choices] = choice;
    const shown = tokens.some((t) => t === `--${name}` || t.startsWith(`--${name}=`))
      ? `--${name}`
      : `<${name}>`;
    const values = choices.split(', ').map((c) => c.replace(/^"|"$/g, ''));
    return `${shown} "${given}" is not one of ${choices}${suggest(given, values)}`;
  }
  return `${message.charAt(0).toLowerCase()}${message.slice(1)}`;
}

function suggest(name: string, candidates: readonly string[]): string {
  // A one-letter flag has too many neighbours for a guess to help.
  const hit = /^-\w$/.test(name) ? undefined : closest(name, candidates);
  return hit === undefined ? '' : ` (did you mean "${hit}"?)`;
}

/** Every way a known option may be written: --name, --no-name for booleans, -x aliases. */
function optionSpellings(options: KnownOptions): string[] {
  const out: string[] = [];
  for (const key of Object.keys(options.key)) {
    if (key.length === 1) out.push(`-${key}`);
    else {
      out.push(`--${key}`);
      if (options.boolean.includes(key)) out.push(`--no-${key}`);
    }
  }
  return out;
}

/** The option tokens of `tokens` that name no known option, as written by the user. */
function unknownOptions(tokens: readonly string[], options: KnownOptions): string[] {
  const known = new Set<string>();
  for (const [key, aliases] of [
    ...Object.keys(options.key).map((k) => [k, []] as const),
    ...Object.entries(options.alias),
  ]) {
    for (const name of [key, ...aliases]) known.add(kebab(name));
  }
  const isKnown = (name: string) =>
    known.has(kebab(name)) || (name.startsWith('no-') && known.has(kebab(name.slice(3))));
  const unknown: string[] = [];
  for (const token of tokens) {
    // "-3" is a negative number given as a value, not an option.
    if (!token.startsWith('-') || token === '-' || /^-\d/.test(token)) continue;
    if (token.startsWith('--')) {
      const name = token.slice(2).split('=')[0];
      if (!isKnown(name)) unknown.push(`--${name}`);
    } else {
      for (const letter of token.slice(1).split('=')[0]) {
        if (!isKnown(letter)) unknown.push(`-${letter}`);
      }
    }
  }
  return unknown;
}
