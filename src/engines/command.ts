import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { choice, defineEngine, list, path, text } from './define.js';
import { filesIdentity, whichProgram } from './identity.js';
import { maxResponseBytes, snippet, tooLargeMessage, transcriptFromJson } from './json-response.js';
import { splitArgs } from './split-args.js';
import type { EngineIdentity, EngineResult } from './types.js';

const AUDIO = '{audio}';

/**
 * Any local recogniser run once per clip: `command:<program> <args>` where one argument
 * holds `{audio}`, replaced by the path of a 16 kHz mono 16-bit WAV. The command is split
 * into an argument array and spawned directly — never through a shell — so clip paths and
 * ids cannot inject anything. Stdout is the transcript (`output: text`), or JSON from which
 * `jsonPath` picks the text (`output: json`).
 */
export const commandEngine = defineEngine({
  prefix: 'command',
  summary:
    'Any local recogniser (whisper.cpp CLI, a vendor tool): one argument holds `{audio}` (a 16 kHz 16-bit WAV); spawned with an argument array, never a shell; stdout is the transcript',
  target: {
    form: '<argv with {audio}>',
    description: 'The program and its arguments, split like a shell would (no shell runs)',
    required: true,
    satisfiedBy: 'argv',
  },
  params: {
    argv: list({
      optional: true,
      defaultText: 'the id’s <argv>',
      description: 'The program and its arguments, one holding {audio} (instead of the id’s)',
    }),
    output: choice({
      values: ['text', 'json'],
      default: 'text',
      description: 'Stdout is the transcript, or JSON holding it',
    }),
    jsonPath: text({
      default: 'text',
      description: 'Dotted path to the text in JSON output; * maps over a list',
    }),
    cwd: path({
      optional: true,
      defaultText: 'the suite file’s folder, or the working directory',
      description: 'Working directory of the program',
    }),
  },
  dispatch: { concurrency: 2, timeoutMs: 120_000, retries: 1 },
  check: (values, target) => {
    let argv: readonly string[];
    try {
      argv = values.argv ?? splitArgs(target);
    } catch (e) {
      return [(e as Error).message];
    }
    if (argv.length === 0)
      return [`no program given (expected command:<program> <args with ${AUDIO}>)`];
    if (!argv.some((a) => a.includes(AUDIO)))
      return [
        `no argument holds ${AUDIO}, the WAV path placeholder (e.g. command:whisper-cli -m model.bin -nt -f ${AUDIO})`,
      ];
    return [];
  },
  async create({ id, target, values, baseDir }) {
    const argv = values.argv ?? splitArgs(target);
    const { output, jsonPath } = values;
    const cwd = resolve(baseDir, values.cwd ?? '.');
    let dir: string | undefined;
    let counter = 0;
    return {
      config: { argv, output, ...(output === 'json' && { jsonPath }) },
      identity: () => commandIdentity(argv, cwd),
      async transcribe(input, { signal }) {
        dir ??= await mkdtemp(join(tmpdir(), 'lastmile-command-'));
        const path = join(dir, `${++counter}.wav`);
        await writeFile(path, input.wav);
        try {
          const args = argv.map((a) => a.split(AUDIO).join(path));
          const run = await runProgram(args, cwd, signal);
          if (run.spawnError) {
            if (run.spawnError.code === 'ENOENT')
              throw new UserError(`engine ${id}: program not found: ${args[0]}`);
            return {
              ok: false,
              error: `could not start ${args[0]}: ${run.spawnError.message}`,
              retryable: false,
            };
          }
          if (signal.aborted) return { ok: false, error: 'aborted (timed out)', retryable: true };
          if (run.tooLarge)
            return {
              ok: false,
              error: `${args[0]}: ${tooLargeMessage('output')}`,
              retryable: false,
            };
          if (run.code !== 0) {
            return {
              ok: false,
              error: `${args[0]} ${run.code === null ? `killed by ${run.signal}` : `exited with code ${run.code}`}${run.stderr ? `: ${snippet(run.stderr.slice(-400))}` : ''}`,
              retryable: run.code === null,
            };
          }
          return output === 'json'
            ? parseJsonOutput(run.stdout, jsonPath)
            : { ok: true, text: collapse(run.stdout) };
        } finally {
          await unlink(path).catch(() => undefined);
        }
      },
      async close() {
        for (const group of liveGroups) killProcessGroup(group);
        if (dir) await rm(dir, { recursive: true, force: true });
      },
    };
  },
});

/**
 * The program file and every argument naming an existing file (a model, a config): a new
 * build of the recogniser or a replaced model changes the identity. Folders are left out —
 * an argument such as `.` would otherwise hash a whole tree.
 */
async function commandIdentity(argv: readonly string[], cwd: string): Promise<EngineIdentity> {
  const program = whichProgram(argv[0], cwd);
  const files = argv
    .slice(1)
    .filter((a) => !a.includes(AUDIO))
    .map((a) => resolve(cwd, a))
    .filter((p) => existsSync(p) && statSync(p).isFile());
  return {
    version: program ?? argv[0],
    files: await filesIdentity(program ? [program, ...files] : files),
  };
}

interface ProgramRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  spawnError?: NodeJS.ErrnoException;
  /** Stdout passed maxResponseBytes(); the program was killed. */
  tooLarge?: boolean;
}

/**
 * Runs the program in a process group of its own (`detached`), so a timeout, an abort or its
 * own exit ends the whole group: children the program started (a shell script's pipeline, a
 * server it forked) cannot outlive the call and hold lastmile open.
 */
function runProgram(args: string[], cwd: string, signal: AbortSignal): Promise<ProgramRun> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve({ code: null, signal: 'SIGKILL', stdout: '', stderr: '' });
      return;
    }
    const child = spawn(args[0], args.slice(1), {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const group = child.pid;
    if (group !== undefined) liveGroups.add(group);
    const killGroup = () => {
      if (group !== undefined) killProcessGroup(group);
    };
    signal.addEventListener('abort', killGroup, { once: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let spawnError: NodeJS.ErrnoException | undefined;
    let outBytes = 0;
    let tooLarge = false;
    const maxBytes = maxResponseBytes();
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes <= maxBytes) out.push(b);
      else if (!tooLarge) {
        tooLarge = true;
        killGroup();
      }
    });
    child.stderr.on('data', (b: Buffer) => {
      err.push(b);
      if (err.length > 64) err.splice(0, err.length - 64); // only the tail is ever shown
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnError = e;
    });
    // The program has exited: whatever it left running in its group goes with it (and stops
    // holding the output pipes open).
    child.on('exit', killGroup);
    child.on('close', (code, sig) => {
      signal.removeEventListener('abort', killGroup);
      killGroup();
      if (group !== undefined) liveGroups.delete(group);
      resolve({
        code,
        signal: sig,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ...(spawnError && { spawnError }),
        ...(tooLarge && { tooLarge }),
      });
    });
  });
}

/** Process groups of programs still running; ended when lastmile exits, whatever the cause. */
const liveGroups = new Set<number>();
process.once('exit', () => {
  for (const group of liveGroups) killProcessGroup(group);
});

function killProcessGroup(group: number): void {
  try {
    process.kill(-group, 'SIGKILL');
  } catch {
    // ESRCH: the group has already gone.
  }
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Picks the transcript out of JSON by a dotted path: `text`, `result.transcript`,
 * `transcription.*.text` (a `*` maps over an array and the pieces are joined with spaces).
 */
export function parseJsonOutput(stdout: string, path: string): EngineResult {
  const result = transcriptFromJson(
    stdout,
    (json) => select(json, path.split('.').filter(Boolean)),
    `text at JSON path "${path}"`,
    'output',
  );
  return result.ok ? { ok: true, text: collapse(result.text) } : result;
}

function select(value: unknown, keys: string[]): unknown[] {
  if (keys.length === 0) return [value];
  const [key, ...rest] = keys;
  if (value === null || typeof value !== 'object') return [];
  if (key === '*')
    return Array.isArray(value)
      ? value.flatMap((v) => select(v, rest))
      : Object.values(value).flatMap((v) => select(v, rest));
  return select((value as Record<string, unknown>)[key], rest);
}
