import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { EXIT, EXIT_CODE_DOCS, exitCodesMarkdown } from '../../src/cli/exit-codes.js';
import { buildCli } from '../../src/cli/parser.js';
import { CLI } from '../helpers/cli.js';
import { CORPUS_MANIFEST } from '../helpers/speech.js';

const root = mkdtempSync(join(tmpdir(), 'lastmile-contract-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const SCENARIO = resolve('scenarios/noisy-room.yaml');
const FAULT = resolve('test/cli/fixtures/inject-fault.mjs');
const names = commands.map((c) => String(c.command).split(' ')[0]);

/** The compiled CLI in `cwd` (a fresh empty folder unless given), colour as asked. */
function cli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const cwd = options.cwd ?? mkdtempSync(join(root, 'cwd-'));
  const { FORCE_COLOR: _f, NO_COLOR: _n, LASTMILE_DEBUG: _d, ...env } = process.env;
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...env, ...options.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, cwd };
}

/** A stack frame line, as Node prints them. */
const STACK_LINE = /^\s+at /m;

/**
 * Arguments with which each command would do real work (and write files under its working
 * folder), so that "nothing ran" is a claim the test can fail. A command not listed here (one
 * added later) is called with no arguments: the unknown option must still win.
 */
const WORKING_ARGS: Record<string, string[]> = {
  validate: [SCENARIO],
  list: [],
  perturb: [SCENARIO, '--corpus', CORPUS_MANIFEST, '--limit', '1'],
  run: [SCENARIO, '--corpus', CORPUS_MANIFEST, '--limit', '1', '--progress', 'none'],
  schema: ['--write'],
  score: [resolve('fixtures/corpus/manifest.jsonl')],
  stats: ['.'],
};

/** A command's own long options, read from its --help (in-process: no command runs). */
async function longOptions(name: string): Promise<string[]> {
  const { yargs } = buildCli([name, '--help']);
  const help = await new Promise<string>((done) =>
    yargs.exitProcess(false).parse([name, '--help'], {}, (_e, _a, output) => done(output)),
  );
  return [...help.matchAll(/^\s+(?:-\w, )?--([\w-]+)/gm)].map((m) => m[1]);
}

describe('CLI contract: an unknown option stops every command before it runs', () => {
  for (const name of names) {
    it(`${name}: unknown options are exit 2 (usage), named with the nearest option, and nothing is written`, async () => {
      // The command's longest option with two letters swapped, and one that resembles nothing.
      const meant = (await longOptions(name)).sort((a, b) => b.length - a.length)[0];
      const typo = `${meant.slice(0, 2)}${meant[3]}${meant[2]}${meant.slice(4)}`;
      const r = cli([name, ...(WORKING_ARGS[name] ?? []), `--${typo}`, '--bogus-flag']);
      expect(r.status).toBe(EXIT.usage);
      expect(r.stderr).toBe(
        `lastmile: unknown options --${typo} (did you mean "--${meant}"?), --bogus-flag\nRun "lastmile ${name} --help" for usage.\n`,
      );
      expect(r.stdout).toBe('');
      expect(readdirSync(r.cwd)).toEqual([]);
    });
  }

  it.each([
    [['run', SCENARIO, '--no-cahce'], 'unknown option --no-cahce (did you mean "--no-cache"?)'],
    [['validate', '--jsn', SCENARIO], 'unknown option --jsn (did you mean "--json"?)'],
    [['stats', '--bogus', '.'], 'unknown option --bogus'],
    [['valdate', SCENARIO], 'unknown command "valdate" (did you mean "validate"?)'],
    [['frobnicate'], 'unknown command "frobnicate"\n'],
    [['list', 'noise', 'extra'], 'unexpected argument "extra"'],
    [['list', '--format', 'jsn'], '--format "jsn" is not one of "text", "markdown", "json"'],
    [['validate'], 'missing an argument: lastmile validate <files..>'],
    [['list', '--quiet', '--verbose'], 'arguments quiet and verbose are mutually exclusive'],
  ])('%j: exit 2 with "%s"', (args, message) => {
    const r = cli(args);
    expect(r.status).toBe(EXIT.usage);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
    expect(readdirSync(r.cwd)).toEqual([]);
  });
});

describe('CLI contract: bare lastmile and --help', () => {
  it('bare lastmile lists every command on stderr and exits 2 (it did no work)', () => {
    const r = cli([]);
    expect(r.status).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    for (const name of names) expect(r.stderr).toContain(`lastmile ${name}`);
    expect(r.stderr).toContain('Exit codes: 0 ok');
  });

  it('--help lists every command on stdout and exits 0', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(EXIT.ok);
    for (const name of names) expect(r.stdout).toContain(`lastmile ${name}`);
  });
});

describe('CLI contract: exit codes by class, never a stack trace', () => {
  it('bad input is exit 5 and names the file and the reason (missing, a folder)', () => {
    const missing = cli(['validate', join(root, 'nope.yaml')]);
    expect(missing.status).toBe(EXIT.badInput);
    expect(missing.stderr).toBe(`${join(root, 'nope.yaml')}: file not found\n`);
    const folder = cli(['validate', root]);
    expect(folder.status).toBe(EXIT.badInput);
    expect(folder.stderr).toBe(`${root}: is a folder, expected a file\n`);
    for (const r of [missing, folder]) expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it.each([
    [['perturb', '{dir}'], '{dir}: is a folder, expected a file'],
    [['perturb', SCENARIO, '--corpus', '{dir}'], '{dir}: is a folder, expected a file'],
    [['run', '--suite', '{dir}'], '{dir}: is a folder, expected a file'],
    [['run', '--suite', '{dir}/none.yaml'], '{dir}/none.yaml: suite file not found'],
    [['score', '{dir}'], '{dir}: is a folder, expected a file'],
    [['score', '{dir}/none.jsonl'], '{dir}/none.jsonl: file not found'],
    [['stats', '{dir}/no-run'], '{dir}/no-run'],
  ])('%j: exit 5, the file and the reason in words', (args, message) => {
    const r = cli(args.map((a) => a.replace('{dir}', root)));
    expect(r.status).toBe(EXIT.badInput);
    expect(r.stderr).toContain(message.replace('{dir}', root));
    expect(r.stderr).not.toMatch(/Error:|EISDIR|ENOENT/);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('schema --write outside a checkout is exit 5 with a sentence, not a stack trace', () => {
    const r = cli(['schema', '--write']);
    expect(r.status).toBe(EXIT.badInput);
    expect(r.stderr).toMatch(
      /^lastmile: scenarios\/scenario\.schema\.json: no scenarios\/ folder here; run `lastmile schema --write` at the top of a lastmile checkout/,
    );
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(readdirSync(r.cwd)).toEqual([]);
  });

  it('schema --check of a stale copy is exit 3 (a check failed)', () => {
    const cwd = mkdtempSync(join(root, 'checkout-'));
    mkdirSync(join(cwd, 'scenarios'));
    writeFileSync(join(cwd, 'scenarios/scenario.schema.json'), '{}\n');
    const r = cli(['schema', 'scenario', '--check'], { cwd });
    expect(r.status).toBe(EXIT.gateFailed);
    expect(r.stderr).toContain('scenarios/scenario.schema.json is out of date');
  });

  it('an unexpected error in a command (injected fault) is exit 1: one line, stack only with --verbose', () => {
    const args = ['--import', FAULT, CLI, 'list'];
    const run = (extra: string[], env: NodeJS.ProcessEnv = {}) =>
      spawnSync(process.execPath, [...args, ...extra], {
        encoding: 'utf8',
        env: { ...process.env, LASTMILE_TEST_FAULT: 'stdout', LASTMILE_DEBUG: '', ...env },
      });
    const plain = run([]);
    expect(plain.status).toBe(EXIT.internal);
    expect(plain.stderr).toBe(
      'lastmile: internal error: injected fault in stdout, please report it (add --verbose for the stack trace)\n',
    );
    const verbose = run(['--verbose']);
    expect(verbose.status).toBe(EXIT.internal);
    expect(verbose.stderr).toMatch(
      /^lastmile: internal error: injected fault in stdout, please report it\nTypeError: injected fault in stdout\n\s+at /,
    );
    expect(run([], { LASTMILE_DEBUG: '1' }).stderr).toMatch(STACK_LINE);
  });

  it('an error outside any command (injected fault in a timer) is exit 1 without a stack', () => {
    const r = spawnSync(process.execPath, ['--import', FAULT, CLI, 'list'], {
      encoding: 'utf8',
      env: { ...process.env, LASTMILE_TEST_FAULT: 'timer', LASTMILE_DEBUG: '' },
    });
    expect(r.status).toBe(EXIT.internal);
    expect(r.stderr).toContain(
      'lastmile: internal error: injected fault in a timer, please report it',
    );
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
  it('an error with nobody left reading (injected fault, closed pipes) ends the process', async () => {
    const child = spawn(process.execPath, ['--import', FAULT, CLI, 'list'], {
      env: { ...process.env, LASTMILE_TEST_FAULT: 'timer', LASTMILE_DEBUG: '' },
    });
    child.stdout.destroy();
    child.stderr.destroy();
    const status = await new Promise((done) => child.on('exit', (code) => done(code)));
    expect(status).not.toBeNull();
  });
});

describe('CLI contract: --json, --quiet, colour', () => {
  it('validate --json: one JSON document on stdout, problems located, exit 5 if any', () => {
    const bad = join(root, 'bad.yaml');
    writeFileSync(
      bad,
      'name: bad\nconditions:\n  - name: x\n    chain:\n      - hum: { levle: -30dBFS }\n',
    );
    const r = cli(['validate', '--json', SCENARIO, bad, resolve('suites/quickstart.yaml')]);
    expect(r.status).toBe(EXIT.badInput);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.files.map((f: { kind: string; ok: boolean }) => [f.kind, f.ok])).toEqual([
      ['scenario', true],
      ['scenario', false],
      ['suite', true],
    ]);
    expect(out.files[1].problems[0]).toMatchObject({ file: bad, line: 5, column: 16 });
    expect(out.files[1].problems[0].message).toMatch(
      /unknown parameter "levle" of hum \(did you mean "level"\?\)/,
    );
  });

  it('validate checks a suite and what it names: a bad scenario and engine are reported', () => {
    const suite = join(root, 'suite.yaml');
    writeFileSync(
      suite,
      `name: s\ncorpus: ${CORPUS_MANIFEST}\nscenarios: [${SCENARIO}, ${join(root, 'gone.yaml')}]\nengines: [pocketsfinx]\n`,
    );
    const r = cli(['validate', suite]);
    expect(r.status).toBe(EXIT.badInput);
    expect(r.stderr).toContain(`${join(root, 'gone.yaml')}: file not found`);
    expect(r.stderr).toMatch(
      new RegExp(`${suite}:4:\\d+ .*unknown engine "pocketsfinx".*did you mean "pocketsphinx"`),
    );
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('list --json and schema --check --json parse', () => {
    const list = cli(['list', '--json']);
    expect(list.status).toBe(EXIT.ok);
    expect(JSON.parse(list.stdout).map((k: { name: string }) => k.name)).toContain('noise');
    const schema = cli(['schema', '--check', '--json'], { cwd: process.cwd() });
    expect(schema.status).toBe(EXIT.ok);
    expect(JSON.parse(schema.stdout).ok).toBe(true);
  });

  it('--quiet: validate prints only problems', () => {
    const r = cli(['validate', '-q', SCENARIO]);
    expect(r.status).toBe(EXIT.ok);
    expect(r.stdout + r.stderr).toBe('');
  });

  it('colour: none on a pipe, on with FORCE_COLOR=1, off with FORCE_COLOR=0 (Node’s own detection)', () => {
    const red = '\u001b[31m';
    expect(cli(['valdate']).stderr).not.toContain(red);
    expect(cli(['valdate'], { env: { FORCE_COLOR: '1' } }).stderr).toContain(`${red}lastmile:`);
    expect(cli(['valdate'], { env: { FORCE_COLOR: '0' } }).stderr).not.toContain(red);
  });
});

describe('docs/exit-codes.md', () => {
  it('holds the table of src/cli/exit-codes.ts (regenerate: npx tsx scripts/update-exit-codes.ts)', () => {
    const doc = readFileSync('docs/exit-codes.md', 'utf8');
    const table = doc.split('<!-- exit-codes:start -->\n')[1]?.split('<!-- exit-codes:end -->')[0];
    expect(table).toBe(exitCodesMarkdown());
  });

  it('documents every code once, each under its own name', () => {
    expect(EXIT_CODE_DOCS.map((d) => [d.name, d.code])).toEqual(Object.entries(EXIT));
    expect(new Set(Object.values(EXIT)).size).toBe(Object.keys(EXIT).length);
  });
});
