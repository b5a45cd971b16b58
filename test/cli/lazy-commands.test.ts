import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';

// What the CLI loads decides its memory before any work (issue 14): each command's modules
// load when it is named, the queue's only for a queued run. Recorded by a loader hook.
const root = mkdtempSync(join(tmpdir(), 'lastmile-lazy-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const RECORD = resolve('test/cli/fixtures/record-modules.mjs');

/** The modules `lastmile args` loaded: dist paths and npm package names. */
function loaded(args: readonly string[]): { status: number | null; modules: string[] } {
  const file = join(root, `modules-${args.join('-').replace(/\W/g, '_')}.txt`);
  const r = spawnSync(process.execPath, ['--import', RECORD, CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LASTMILE_TEST_MODULES: file },
  });
  const modules = readFileSync(file, 'utf8')
    .split('\n')
    .map(
      (url) =>
        url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? url.match(/dist\/(src\/.*)$/)?.[1],
    )
    .filter((m): m is string => m !== undefined);
  return { status: r.status, modules: [...new Set(modules)] };
}

const commandModules = (modules: string[]) =>
  modules.filter((m) => m.startsWith('src/cli/commands/')).sort();

describe('the CLI loads a command only when it is named', () => {
  it('--version: yargs and the command lines, no command, queue, report or schema module', () => {
    const { status, modules } = loaded(['--version']);
    expect(status).toBe(0);
    expect(modules).toContain('yargs');
    expect(commandModules(modules)).toEqual([
      'src/cli/commands/index.js',
      'src/cli/commands/lines.js',
    ]);
    for (const heavy of ['bullmq', 'ioredis', 'vega', 'vega-lite', 'zod', 'piscina'])
      expect(modules).not.toContain(heavy);
  });

  it('validate: its own module, not the others nor the queue', () => {
    const { status, modules } = loaded(['validate', resolve('scenarios/noisy-room.yaml')]);
    expect(status).toBe(0);
    expect(commandModules(modules)).toEqual([
      'src/cli/commands/index.js',
      'src/cli/commands/lines.js',
      'src/cli/commands/validate.js',
    ]);
    for (const heavy of ['bullmq', 'ioredis', 'vega']) expect(modules).not.toContain(heavy);
  });

  it('run without --queue loads neither bullmq nor ioredis; with --queue it does', () => {
    const plain = loaded(['run', '--suite', join(root, 'none.yaml')]);
    expect(plain.status).toBe(5);
    expect(plain.modules).toContain('src/cli/commands/run.js');
    expect(plain.modules).toContain('src/run/execute.js');
    for (const heavy of ['bullmq', 'ioredis']) expect(plain.modules).not.toContain(heavy);
    // Port 1 on loopback: nothing listens, so the run stops at the reachability check.
    const queued = loaded([
      'run',
      resolve('scenarios/noisy-room.yaml'),
      '--limit',
      '1',
      '--queue',
      'redis://127.0.0.1:1',
    ]);
    expect(queued.modules).toContain('ioredis');
  });
});

describe('bin/lastmile: node with the memory settings of a large run', () => {
  const BIN = resolve('bin/lastmile');
  const START = resolve('test/cli/fixtures/report-start.mjs');
  const started = (env: NodeJS.ProcessEnv, args: string[]) => {
    const file = join(root, `start-${Object.keys(env).join('-')}.json`);
    const r = spawnSync(BIN, args, {
      encoding: 'utf8',
      env: { ...process.env, ...env, NODE_OPTIONS: `--import ${START}`, LASTMILE_TEST_START: file },
    });
    return { ...r, start: JSON.parse(readFileSync(file, 'utf8')) };
  };

  it('starts dist/src/cli/main.js with MALLOC_ARENA_MAX=2 and 4 MB semi-spaces, arguments and exit code passed through', () => {
    const { status, stdout, stderr, start } = started({}, ['valdate', 'x y']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('unknown command "valdate" (did you mean "validate"?)');
    expect(start.mallocArenaMax).toBe('2');
    expect(start.execArgv).toContain('--max-semi-space-size=4');
    const version = spawnSync(BIN, ['--version'], { encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(
      JSON.parse(readFileSync('package.json', 'utf8')).version as string,
    );
  });

  it('leaves a MALLOC_ARENA_MAX the user set alone', () => {
    const { start } = started({ MALLOC_ARENA_MAX: '4' }, ['--version']);
    expect(start.mallocArenaMax).toBe('4');
  });
});
