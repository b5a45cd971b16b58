import { spawn } from 'node:child_process';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { EngineConfig, splitArgs } from './config.js';
import { snippet } from './http.js';
import type { Engine, EngineFactory, EngineResult } from './types.js';

const AUDIO = '{audio}';

/**
 * Any local recogniser run once per clip: `command:<program> <args>` where one argument
 * holds `{audio}`, replaced by the path of a 16 kHz mono 16-bit WAV. The command is split
 * into an argument array and spawned directly — never through a shell — so clip paths and
 * ids cannot inject anything. Stdout is the transcript (`output: text`), or JSON from which
 * `jsonPath` picks the text (`output: json`).
 */
export const commandEngine: EngineFactory = {
  prefix: 'command',
  usage:
    'command:<program> <args with {audio}> — a local program given a WAV path; stdout is the transcript',
  async create({ id, target, config: raw, baseDir }) {
    const config = new EngineConfig(id, raw);
    const argv = config.list('argv') ?? splitArgs(target);
    const output = config.choice('output', ['text', 'json'] as const, 'text');
    const jsonPath = config.string('jsonPath', 'text');
    const cwd = config.string('cwd', baseDir);
    config.rejectUnknown();
    if (argv.length === 0)
      throw new UserError(
        `engine ${id}: no program given (expected command:<program> <args with ${AUDIO}>)`,
      );
    if (!argv.some((a) => a.includes(AUDIO)))
      throw new UserError(
        `engine ${id}: no argument holds ${AUDIO}, the WAV path placeholder (e.g. command:whisper-cli -m model.bin -nt -f ${AUDIO})`,
      );
    let dir: string | undefined;
    let counter = 0;

    const engine: Engine = {
      id,
      config: { argv, output, ...(output === 'json' && { jsonPath }) },
      defaults: { concurrency: 2, timeoutMs: 120_000, retries: 1 },
      version: async () => argv[0],
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
        if (dir) await rm(dir, { recursive: true, force: true });
      },
    };
    return engine;
  },
};

interface ProgramRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  spawnError?: NodeJS.ErrnoException;
}

function runProgram(args: string[], cwd: string, signal: AbortSignal): Promise<ProgramRun> {
  return new Promise((resolve) => {
    const child = spawn(args[0], args.slice(1), {
      cwd,
      signal,
      killSignal: 'SIGKILL',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let spawnError: NodeJS.ErrnoException | undefined;
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.name !== 'AbortError') spawnError = e;
    });
    child.on('close', (code, sig) =>
      resolve({
        code,
        signal: sig,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ...(spawnError && { spawnError }),
      }),
    );
  });
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Picks the transcript out of JSON by a dotted path: `text`, `result.transcript`,
 * `transcription.*.text` (a `*` maps over an array and the pieces are joined with spaces).
 */
export function parseJsonOutput(stdout: string, path: string): EngineResult {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    return {
      ok: false,
      error: `output is not JSON: ${snippet(stdout, 80) || '(empty)'}`,
      retryable: false,
    };
  }
  const found = select(json, path.split('.').filter(Boolean));
  const texts = found.filter(
    (v): v is string | number => typeof v === 'string' || typeof v === 'number',
  );
  if (texts.length === 0)
    return {
      ok: false,
      error: `no text at JSON path "${path}" in output: ${snippet(stdout, 80)}`,
      retryable: false,
    };
  return { ok: true, text: collapse(texts.join(' ')) };
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
