import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { constants, existsSync, openSync } from 'node:fs';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { defineEngine, list, num, path, text } from './define.js';
import { filesIdentity, whichProgram } from './identity.js';
import type { EngineInput, EngineResult } from './types.js';

const MODEL = '/usr/share/pocketsphinx/model/en-us';
const INSTALL = 'apt-get install pocketsphinx pocketsphinx-en-us';
/**
 * Files one decoder holds at once: the one it is decoding and one ready behind it, so it never
 * waits for input. More would only unbalance the decoders at the end of a run: a line written
 * to a decoder's control list cannot be taken back and given to one that has gone idle.
 */
const PIPELINE_DEPTH = 2;

/**
 * CMU pocketsphinx (Debian's 0.8 packages) through long-lived `pocketsphinx_batch`
 * processes, one per core. Each process reads its control list from a named pipe and writes
 * one `words (uttid score)` line per file to another as soon as that file is decoded, so a run
 * pays the ~0.35 s model load once per process instead of once per clip. WAVs are written
 * with the canonical 44-byte header and decoded with `-adchdr 44` (otherwise the header is
 * decoded as 22 samples of audio).
 */
export const pocketsphinxEngine = defineEngine({
  prefix: 'pocketsphinx',
  summary:
    'The embedded default: Debian’s `pocketsphinx` + `pocketsphinx-en-us`, one long-lived `pocketsphinx_batch` per core fed through named pipes (no process start per clip)',
  params: {
    hmm: path({ default: join(MODEL, 'en-us'), description: 'Acoustic model folder' }),
    lm: path({ default: join(MODEL, 'en-us.lm.bin'), description: 'Language model' }),
    dict: path({
      default: join(MODEL, 'cmudict-en-us.dict'),
      description: 'Pronunciation dictionary',
    }),
    processes: num({
      unit: 'count',
      integer: true,
      min: 1,
      max: 256,
      optional: true,
      defaultText: 'one per core',
      description: 'Decoder processes',
    }),
    args: list({ default: [], description: 'Extra pocketsphinx_batch flags, e.g. -beam 1e-60' }),
    binary: text({ default: 'pocketsphinx_batch', description: 'The decoder program' }),
  },
  dispatch: {
    concurrency: (PIPELINE_DEPTH + 1) * 2,
    timeoutMs: 300_000,
    retries: 2,
    note: `concurrency is ${(PIPELINE_DEPTH + 1) * 2} per decoder process`,
  },
  async create({ id, values }) {
    const { hmm, lm, dict, args, binary } = values;
    const processes = values.processes ?? availableParallelism();
    for (const [key, what, path] of [
      ['hmm', 'acoustic model', hmm],
      ['lm', 'language model', lm],
      ['dict', 'dictionary', dict],
    ] as const) {
      if (!existsSync(path))
        throw new UserError(
          `engine ${id}: ${what} not found at ${path}; install it with \`${INSTALL}\` (or set ${key} in the engine config)`,
        );
    }
    const program = whichProgram(binary);
    if (!program)
      throw new UserError(`engine ${id}: ${binary} not found: install it with \`${INSTALL}\``);
    const pool = new DecoderPool(binary, [...decoderArgs({ hmm, lm, dict }), ...args], processes);
    return {
      config: { hmm, lm, dict, args },
      defaults: { concurrency: processes * (PIPELINE_DEPTH + 1) * 2 },
      identity: async () => ({
        version: await packageVersion(),
        files: await filesIdentity([program, hmm, lm, dict]),
      }),
      transcribe: (input, { signal }) => pool.decode(input, signal),
      warmUp: () => pool.warmUp(),
      close: () => pool.close(),
    };
  },
});

interface Job {
  readonly uttid: string;
  readonly input: EngineInput;
  readonly signal: AbortSignal;
  resolve(result: EngineResult): void;
  settled: boolean;
  /** Its WAV is on disk: it may be named in a control list. */
  ready: boolean;
}

interface Decoder {
  child: ChildProcess;
  /** Our end of the decoder's control list (a named pipe). */
  control: Socket;
  /** Jobs written to this decoder's control list, oldest (being decoded) first. */
  inFlight: Job[];
  stderrTail: string;
  exited: boolean;
}

/**
 * A fixed set of pocketsphinx_batch processes fed from one shared queue. A job's WAV is written
 * as soon as it arrives, and the job is handed to a decoder only once the file is on disk, with
 * a synchronous write to that decoder's control list: a decoder's lines are therefore in the
 * order of its in-flight list, which is how hypotheses are matched to jobs.
 */
class DecoderPool {
  private readonly queue: Job[] = [];
  private readonly decoders: Decoder[] = [];
  private dir = '';
  private counter = 0;
  private generation = 0;
  private closing = false;

  constructor(
    private readonly binary: string,
    private readonly args: string[],
    private readonly size: number,
  ) {}

  private starting: Promise<void> | undefined;

  /**
   * Decoders start on the first call (or on `warmUp`), so a run served from the cache loads no
   * model.
   */
  private start(): Promise<void> {
    this.starting ??= (async () => {
      this.dir = await mkdtemp(join(tmpdir(), 'lastmile-pocketsphinx-'));
      for (let i = 0; i < this.size; i++) this.decoders.push(await this.spawnDecoder());
    })();
    return this.starting;
  }

  /** Starts the decoders ahead of the first call; a failure surfaces there. */
  warmUp(): void {
    if (!this.closing) this.start().catch(() => undefined);
  }

  async decode(input: EngineInput, signal: AbortSignal): Promise<EngineResult> {
    await this.start();
    if (input.audio.sampleRate !== 16_000)
      return {
        ok: false,
        error: `pocketsphinx's en-us model needs 16 kHz audio, got ${input.audio.sampleRate} Hz`,
        retryable: false,
      };
    return new Promise((resolve) => {
      const job: Job = {
        uttid: `u${++this.counter}`,
        input,
        signal,
        settled: false,
        ready: false,
        resolve: (r) => {
          if (job.settled) return;
          job.settled = true;
          signal.removeEventListener('abort', onAbort);
          resolve(r);
        },
      };
      const onAbort = () => this.abort(job);
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) return onAbort();
      this.queue.push(job);
      writeFile(this.wavPath(job), input.wav).then(
        () => {
          if (job.settled) return this.removeWav(job);
          job.ready = true;
          this.pump();
        },
        (e: Error) => {
          const at = this.queue.indexOf(job);
          if (at >= 0) this.queue.splice(at, 1);
          job.resolve({
            ok: false,
            error: `cannot write temp WAV: ${e.message}`,
            retryable: false,
          });
          this.removeWav(job);
        },
      );
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    if (!this.starting) return;
    await this.starting.catch(() => undefined);
    for (const job of this.queue.splice(0))
      job.resolve({ ok: false, error: 'engine closed', retryable: false });
    await Promise.all(
      this.decoders.map(
        (d) =>
          new Promise<void>((resolve) => {
            if (d.exited) return resolve();
            d.child.once('exit', () => resolve());
            d.control.destroy(); // EOF on the control list: the decoder finishes and exits
            setTimeout(() => d.child.kill('SIGKILL'), 2000).unref();
          }),
      ),
    );
    await rm(this.dir, { recursive: true, force: true });
  }

  private async spawnDecoder(): Promise<Decoder> {
    // The control list and hypotheses travel through named pipes: pocketsphinx fopen()s both
    // paths, which fails on the socket pairs Node gives a child as stdio. Opening our ends
    // read-write never blocks, and net.Socket reads them on the event loop, not the threadpool.
    const n = ++this.generation;
    const ctlPath = join(this.dir, `ctl-${n}.fifo`);
    const hypPath = join(this.dir, `hyp-${n}.fifo`);
    execFileSync('mkfifo', [ctlPath, hypPath]);
    const flags = constants.O_RDWR | constants.O_NONBLOCK;
    const control = new Socket({ fd: openSync(ctlPath, flags), readable: false, writable: true });
    const hyps = new Socket({ fd: openSync(hypPath, flags), readable: true, writable: false });
    const child = spawn(
      this.binary,
      ['-cepdir', this.dir, '-ctl', ctlPath, '-hyp', hypPath, ...this.args],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const decoder: Decoder = { child, control, inFlight: [], stderrTail: '', exited: false };
    const started = new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          e.code === 'ENOENT'
            ? new UserError(`${this.binary} not found: install it with \`${INSTALL}\``)
            : e,
        ),
      );
    });
    child.stderr?.on('data', (b: Buffer) => {
      decoder.stderrTail = (decoder.stderrTail + b.toString('utf8')).slice(-2000);
    });
    let pending = '';
    hyps.on('data', (b: Buffer) => {
      pending += b.toString('utf8');
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        this.onHypothesis(decoder, pending.slice(0, nl));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
    });
    control.on('error', () => undefined); // a dead decoder is handled on exit
    hyps.on('error', () => undefined);
    child.on('exit', (code, signal) => {
      control.destroy();
      hyps.destroy();
      unlink(ctlPath).catch(() => undefined);
      unlink(hypPath).catch(() => undefined);
      this.onExit(decoder, code, signal);
    });
    try {
      await started;
    } catch (e) {
      control.destroy();
      hyps.destroy();
      throw e;
    }
    return decoder;
  }

  /** Hands ready jobs, oldest first, to decoders that have room, least busy first. */
  private pump(): void {
    for (let i = 0; i < this.queue.length; ) {
      const job = this.queue[i];
      if (!job.ready) {
        i++;
        continue;
      }
      let decoder: Decoder | undefined;
      for (const d of this.decoders)
        if (
          !d.exited &&
          d.inFlight.length < PIPELINE_DEPTH &&
          (!decoder || d.inFlight.length < decoder.inFlight.length)
        )
          decoder = d;
      if (!decoder) return;
      this.queue.splice(i, 1);
      decoder.inFlight.push(job);
      decoder.control.write(`${job.uttid}\n`);
    }
  }

  private onHypothesis(decoder: Decoder, line: string): void {
    const hit = parseHypLine(line);
    if (!hit) return;
    const at = decoder.inFlight.findIndex((j) => j.uttid === hit.uttid);
    if (at < 0) return;
    // Files ahead of this one produced no line: the decoder skipped them (unreadable audio).
    for (const skipped of decoder.inFlight.splice(0, at)) {
      skipped.resolve({
        ok: false,
        error: `pocketsphinx produced no hypothesis: ${lastLogLine(decoder.stderrTail)}`,
        retryable: false,
      });
      this.removeWav(skipped);
    }
    const job = decoder.inFlight.shift()!;
    job.resolve({ ok: true, text: hit.text, raw: { score: hit.score } });
    this.removeWav(job);
    this.pump();
  }

  private abort(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      if (job.ready) this.removeWav(job); // else the write's completion removes it
    }
    const decoder = this.decoders.find((d) => d.inFlight.includes(job));
    job.resolve({ ok: false, error: 'aborted (timed out)', retryable: true });
    // A decoder stuck on this job would hold everything behind it: replace it.
    if (decoder && decoder.inFlight[0] === job && !this.closing) decoder.child.kill('SIGKILL');
  }

  private onExit(decoder: Decoder, code: number | null, signal: NodeJS.Signals | null): void {
    decoder.exited = true;
    const [head, ...rest] = decoder.inFlight.splice(0);
    if (head) {
      head.resolve({
        ok: false,
        error: `pocketsphinx_batch ${code === null ? `killed by ${signal}` : `exited with code ${code}`}: ${lastLogLine(decoder.stderrTail)}`,
        retryable: true,
      });
      this.removeWav(head);
    }
    if (this.closing) return;
    // Jobs queued behind the one being decoded are innocent: run them elsewhere.
    for (const job of rest.reverse()) {
      if (job.settled) this.removeWav(job);
      else this.queue.unshift(job);
    }
    const index = this.decoders.indexOf(decoder);
    this.spawnDecoder().then(
      (fresh) => {
        this.decoders[index] = fresh;
        this.pump();
      },
      (e: Error) => {
        for (const job of this.queue.splice(0))
          job.resolve({
            ok: false,
            error: `cannot restart pocketsphinx: ${e.message}`,
            retryable: false,
          });
      },
    );
  }

  private wavPath(job: Job): string {
    return join(this.dir, `${job.uttid}.wav`);
  }

  private removeWav(job: Job): void {
    unlink(this.wavPath(job)).catch(() => undefined);
  }
}

/**
 * The decoder's input format and model flags: WAV files with their 44-byte header skipped, and
 * the acoustic model, language model and dictionary (Debian's en-us model by default). The
 * benches that run `pocketsphinx_batch` directly use the same flags as the engine.
 */
export function decoderArgs(
  model: { hmm: string; lm: string; dict: string } = {
    hmm: join(MODEL, 'en-us'),
    lm: join(MODEL, 'en-us.lm.bin'),
    dict: join(MODEL, 'cmudict-en-us.dict'),
  },
): string[] {
  const { hmm, lm, dict } = model;
  return [
    '-adcin',
    'yes',
    '-adchdr',
    '44',
    '-cepext',
    '.wav',
    '-hmm',
    hmm,
    '-lm',
    lm,
    '-dict',
    dict,
  ];
}

/** `words (uttid score)` → its parts; the words may be empty. */
export function parseHypLine(
  line: string,
): { text: string; uttid: string; score: number } | undefined {
  const m = /^(.*?)\s*\(([^\s()]+)\s+(-?\d+)\)\s*$/.exec(line);
  if (!m) return undefined;
  return { text: m[1].trim(), uttid: m[2], score: Number(m[3]) };
}

function lastLogLine(log: string): string {
  const lines = log.split('\n').filter((l) => /ERROR|FATAL|error/.test(l));
  return (lines[lines.length - 1] ?? log.split('\n').filter(Boolean).pop() ?? 'no log')
    .trim()
    .slice(0, 300);
}

let versionPromise: Promise<string> | undefined;
function packageVersion(): Promise<string> {
  versionPromise ??= new Promise((resolve) => {
    execFile(
      'dpkg-query',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
      ['-W', '-f', '${Package} ${Version}\n', 'pocketsphinx', 'pocketsphinx-en-us'],
      (err, stdout) =>
        resolve(err ? 'pocketsphinx (version unknown)' : stdout.trim().split('\n').join(', ')),
    );
  });
  return versionPromise;
}
