import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import pLimit from 'p-limit';
import { TranscriptCache } from '../dispatch/cache.js';
import {
  createDispatcher,
  type Dispatcher,
  type DispatchOptions,
  type DispatchStats,
} from '../dispatch/dispatcher.js';
import { createEngine } from '../engines/registry.js';
import type { Engine } from '../engines/types.js';
import { type RunFolder, runFolder } from '../results/folder.js';
import type { UtteranceRow } from '../results/row.js';
import { type RunJson, type RunSession, readRunJson, writeRunJson } from '../results/run-json.js';
import { readUtterances, repairTornTail, UtterancesWriter } from '../results/utterances.js';
import { getNormalizer } from '../scoring/normalize.js';
import { type ClipContext, CONDITIONS_PER_TASK, runClip } from './clip.js';
import type { RunConfig } from './config.js';
import { planRun, type RunPlan } from './plan.js';
import { createDspPool, type DspPool, defaultThreads } from './pool/pool.js';
import { Progress, type ProgressMode } from './progress.js';
import { checkResumable, concurrencyOf, describeRun, runFingerprint } from './record.js';
import { RowTally } from './tally.js';
import { type WarmStart, warmStart } from './warm.js';
import { forEachWindowed } from './windowed.js';

/** How this session runs: not part of what the run is, so not in run.json. */
export interface RunSessionOptions {
  readonly progress?: ProgressMode;
  /** Interrupts the run (Ctrl-C): finished units stay recorded, the rest is left for resume. */
  readonly signal?: AbortSignal;
  /** Called once the plan is known and the engines are created, before any audio is read. */
  readonly onPlan?: (plan: RunPlan) => void;
  /**
   * Called once the engines exist and the units already done are known, before run.json is
   * written and before any engine call: a throw ends the run there (the cost limit).
   */
  readonly beforeCalls?: (ready: ReadyToCall) => Promise<void>;
  /**
   * Worker threads for perturbation, hashing and scoring (default: one per core when the
   * session has at least POOL_MIN_TASKS clip × condition pairs to perturb, else none); 0 runs
   * that work on the main thread. Results are the same whatever the count.
   */
  readonly threads?: number;
  /**
   * Elsewhere: the units are done by other processes (`--queue`: src/queue's BullMQ queue and
   * `lastmile worker`) and their rows come back through the session; no engine is called here.
   * Handed in by the command, so this module does not depend on the queue.
   */
  readonly remote?: RemoteUnits;
  /** Where the session's notes go (the CLI's `note`). */
  readonly say?: (line: string) => void;
}

/** What a run knows just before its first engine call. */
export interface ReadyToCall {
  readonly plan: RunPlan;
  readonly engines: readonly Engine[];
  /** Whether a unit is already recorded in the output folder. */
  readonly isDone: (condition: string, engine: string, clipId: string) => boolean;
  /** The folder's utterances.jsonl (a cost estimate reads its calls' latencies). */
  readonly utterances: string;
  readonly cache: TranscriptCache | undefined;
  /** The audio-identity store (with the cache): a unit's audio hash and length without DSP. */
  readonly warm?: WarmStart | undefined;
}

/** Below this many clip × condition pairs, starting worker threads costs more than it saves. */
const POOL_MIN_TASKS = 400;

export interface RunResult {
  readonly out: string;
  readonly utterancesPath: string;
  readonly total: number;
  /** Units found done from an earlier session. */
  readonly resumed: number;
  /** Units finished by this session (including error units). */
  readonly ran: number;
  /** Error units in the whole results file (of this plan). */
  readonly errors: number;
  readonly interrupted: boolean;
  readonly stats: Record<string, DispatchStats>;
  /** Clip × conditions this session perturbed, and those it found in the audio-identity store. */
  readonly dsp: { readonly perturbed: number; readonly remembered: number };
  readonly plan: RunPlan;
  /** run.json as written at the end of the session. */
  readonly runJson: RunJson;
  /**
   * Every row of utterances.jsonl (earlier sessions' and this one's) as the analysis needs
   * them, grouped by the run's `groupBy`, with the default normaliser.
   */
  readonly tally: RowTally;
}

/**
 * Runs every (clip × condition × engine) unit not already in `<out>/utterances.jsonl`.
 * Each clip is decoded once; each clip × condition is perturbed once and the same audio goes
 * to every engine. Rows are appended as units finish; `run.json` records the inputs'
 * hashes, versions and seeds, and the sessions that built the folder.
 */
export async function executeRun(
  config: RunConfig,
  options: RunSessionOptions = {},
): Promise<RunResult> {
  const signal = options.signal ?? new AbortController().signal;
  const plan = await planRun(config);
  const folder = runFolder(resolve(config.out));
  const engines: Engine[] = [];
  try {
    for (const setup of config.engines)
      engines.push(await createEngine(setup.id, setup.config ?? {}, config.engineBaseDir));
    const { fingerprint, scenarioHashes, scenarioInputs, codecs } = await runFingerprint(
      config,
      plan,
      engines,
    );
    const previous = await readRunJson(folder.runJson);
    checkResumable(config.out, previous, fingerprint, plan.shard);
    // Only now, with every input and engine checked, is the run announced and its folder made:
    // a failed start says why and leaves nothing behind.
    options.onPlan?.(plan);
    const fresh = !existsSync(folder.dir);
    await mkdir(folder.dir, { recursive: true });
    const tally = new RowTally(config.groupBy, getNormalizer('en-basic'), plan.keywords);
    await resumeRows(folder.utterances, tally);
    const rows = new RunRows(tally, plan, engines);
    const resumed = rows.units().done;
    const cache = config.cache ? new TranscriptCache(config.cacheDir) : undefined;
    const warm = cache && (await warmStart(cache, plan, scenarioInputs, codecs));
    try {
      await options.beforeCalls?.({
        ...{ plan, engines, isDone: rows.isDone, utterances: folder.utterances },
        ...{ cache, warm },
      });
    } catch (e) {
      // Refused before any call (a cost limit): a folder this run made holds nothing yet.
      if (fresh) await rm(folder.dir, { recursive: true, force: true });
      throw e;
    }
    const dispatchers = engines.map((engine, i) =>
      createDispatcher(engine, dispatchOptions(config, i, engine, cache, signal)),
    );
    // Without a cache every unit left is an engine call: let engines load their models while
    // the run writes run.json and reads and perturbs its first clips.
    if (!cache && resumed < rows.size && !options.remote)
      for (const engine of engines) engine.warmUp?.();

    const session: RunSession = {
      startedAt: new Date().toISOString(),
      resumed,
      ran: 0,
    };
    const runJson = await describeRun({
      ...{ config, plan, engines, dispatchers, previous, session, fingerprint, scenarioHashes },
      codecs,
      cacheDir: cache?.dir,
      units: rows.units(),
    });
    await writeRunJson(folder.runJson, runJson);
    const dsp = { perturbed: 0, remembered: 0 };
    const failure = options.remote
      ? await runRemote(
          options.remote,
          { config, plan, engines, fingerprint },
          { folder, dispatchers, rows, session, signal },
          options,
        )
      : await runLocal(
          { config, plan, engines, resumed, warm },
          { folder, dispatchers, rows, session, signal, dsp },
          options,
        );
    session.finishedAt = new Date().toISOString();
    session.stats = Object.fromEntries(dispatchers.map((d) => [d.engine.id, { ...d.stats }]));
    runJson.updatedAt = session.finishedAt;
    runJson.status = failure ? 'failed' : signal.aborted ? 'interrupted' : 'complete';
    runJson.units = rows.units();
    await writeRunJson(folder.runJson, runJson);
    if (failure) throw failure;
    return {
      out: folder.dir,
      utterancesPath: folder.utterances,
      total: rows.size,
      resumed: session.resumed,
      ran: session.ran,
      errors: runJson.units.errors,
      interrupted: signal.aborted,
      stats: session.stats,
      dsp,
      plan,
      runJson,
      tally,
    };
  } finally {
    await Promise.all(engines.map((e) => e.close?.().catch(() => undefined)));
  }
}

/**
 * The folder's units as the run goes: the tally of every row in file order (what `stats`
 * would read), and which of them the plan holds. No row is kept: a unit costs its counts.
 */
class RunRows {
  private readonly clips: ReadonlySet<string>;
  private readonly conditions: ReadonlySet<string>;
  private readonly engines: ReadonlySet<string>;
  readonly size: number;

  constructor(
    readonly tally: RowTally,
    plan: RunPlan,
    engines: readonly Engine[],
  ) {
    this.clips = new Set(plan.clips.map((c) => c.id));
    this.conditions = new Set(plan.conditions.map((c) => c.name));
    this.engines = new Set(engines.map((e) => e.id));
    this.size = this.clips.size * this.conditions.size * this.engines.size;
  }

  readonly planned = (condition: string, engine: string, clipId: string): boolean =>
    this.clips.has(clipId) && this.conditions.has(condition) && this.engines.has(engine);

  readonly isDone = (condition: string, engine: string, clipId: string): boolean =>
    this.tally.has(condition, engine, clipId);

  /** Planned units done and those of them whose latest row is an error. */
  units(): RunJson['units'] {
    return { total: this.size, ...this.tally.units(this.planned) };
  }
}

/** The units on this machine: a DSP pool, the audio-identity store when the cache is on. */
async function runLocal(
  run: {
    config: RunConfig;
    plan: RunPlan;
    engines: readonly Engine[];
    resumed: number;
    warm: WarmStart | undefined;
  },
  state: Omit<Parameters<typeof runUnits>[2], 'pool' | 'warm'>,
  options: RunSessionOptions,
): Promise<unknown> {
  const { config, plan, engines, warm } = run;
  const left =
    plan.clips.length * plan.conditions.length - Math.floor(run.resumed / engines.length);
  const threads = options.threads ?? (left >= POOL_MIN_TASKS ? defaultThreads() : 0);
  const pool = createDspPool(
    { scenarioFiles: config.scenarios, clips: plan.corpus.clips },
    threads,
  );
  return runUnits(config, plan, { ...state, pool, warm }, options).finally(() => pool.close());
}

/** What a remote runner is given: the run, and how to tell a unit done and record one. */
export type RemoteUnits = (
  run: { config: RunConfig; plan: RunPlan; engines: readonly Engine[]; fingerprint: string },
  session: RemoteSession,
) => Promise<void>;

export interface RemoteSession {
  readonly isDone: (condition: string, engine: string, clipId: string) => boolean;
  /** Writes and tallies a row (once per unit: callers check isDone first). */
  readonly record: (row: UtteranceRow) => void;
  readonly signal: AbortSignal;
  readonly say: (line: string) => void;
}

/** The units done elsewhere (a queue's workers): their rows are written here as they come. */
async function runRemote(
  remote: RemoteUnits,
  run: { config: RunConfig; plan: RunPlan; engines: readonly Engine[]; fingerprint: string },
  state: {
    folder: RunFolder;
    dispatchers: readonly Dispatcher[];
    rows: RunRows;
    session: RunSession;
    signal: AbortSignal;
  },
  options: RunSessionOptions,
): Promise<unknown> {
  const { rows, session, signal } = state;
  const progress = new Progress(options.progress ?? 'none', () => []);
  progress.counts.total = rows.size;
  progress.counts.resumed = session.resumed;
  progress.start();
  const writer = new UtterancesWriter(state.folder.utterances);
  try {
    await remote(run, {
      isDone: rows.isDone,
      record: (unsafe) => {
        const row = writer.append(unsafe);
        rows.tally.add(row);
        session.ran++;
        progress.counts.done++;
        if (row.error !== undefined) progress.counts.errors++;
      },
      signal,
      say: options.say ?? (() => undefined),
    });
    return undefined;
  } catch (e) {
    return e;
  } finally {
    writer.close();
    progress.stop();
  }
}

/**
 * Sends every unit not yet done, clip by clip, appending each row as it finishes. Returns the
 * error that stopped the run early, if any (run.json records it before it is rethrown).
 */
async function runUnits(
  config: RunConfig,
  plan: RunPlan,
  state: {
    folder: RunFolder;
    dispatchers: readonly Dispatcher[];
    rows: RunRows;
    session: RunSession;
    signal: AbortSignal;
    pool: DspPool;
    warm: WarmStart | undefined;
    dsp: ClipContext['dsp'];
  },
  options: RunSessionOptions,
): Promise<unknown> {
  const { dispatchers, rows, session, signal, pool, warm, dsp } = state;
  const progress = new Progress(options.progress ?? 'none', () => dispatchers.map((d) => d.stats));
  progress.counts.total = rows.size;
  progress.counts.resumed = session.resumed;
  progress.start();
  const writer = new UtterancesWriter(state.folder.utterances);
  try {
    const perClip = Math.max(1, plan.conditions.length * dispatchers.length);
    const inFlight = Math.max(...dispatchers.map((d, i) => concurrencyOf(config, i, d.engine)));
    const width = Math.max(2, Math.ceil(inFlight / perClip) + 1);
    const normalizer = rows.tally.normalizer.id;
    // Tasks whose audio is in hand: two per thread keeps the pool busy, and twice the engines'
    // calls in flight keeps them fed; more would only wait in memory (clip.ts `hold`).
    const held = Math.max(2, 2 * pool.threads, Math.ceil((2 * inFlight) / CONDITIONS_PER_TASK));
    const context: ClipContext = {
      conditions: plan.conditions,
      dispatchers,
      isDone: rows.isDone,
      pool,
      hold: pLimit(held),
      ...(warm && { warm }),
      dsp,
      signal,
      write: (unsafe: UtteranceRow) => {
        const row = writer.append(unsafe);
        session.ran++;
        progress.counts.done++;
        if (row.error !== undefined) progress.counts.errors++;
        return row;
      },
      settle: async (written: readonly UtteranceRow[]) => {
        const scored = written.filter((r) => r.hypothesis !== null);
        const scores = await pool.score(
          normalizer,
          rows.tally.keywords,
          scored.map((r) => [r.reference, r.hypothesis!] as const),
        );
        const byRow = new Map(scored.map((r, i) => [r, scores[i]]));
        for (const row of written) rows.tally.add(row, byRow.get(row) ?? null);
      },
    };
    await forEachWindowed(plan.clips, width, signal, (clip) => runClip(clip, context));
    return undefined;
  } catch (e) {
    return e;
  } finally {
    writer.close();
    progress.stop();
  }
}

export function dispatchOptions(
  config: RunConfig,
  i: number,
  engine: Engine,
  cache: TranscriptCache | undefined,
  signal: AbortSignal,
): DispatchOptions {
  const setup = config.engines[i];
  return {
    concurrency: concurrencyOf(config, i, engine),
    timeoutMs: setup.timeoutMs ?? engine.defaults.timeoutMs,
    retries: setup.retries ?? engine.defaults.retries,
    ...(setup.rps !== undefined && { rps: setup.rps }),
    ...(cache && { cache }),
    ...((config.backoff || setup.maxRetryAfterMs !== undefined) && {
      backoff: {
        ...config.backoff,
        ...(setup.maxRetryAfterMs !== undefined && { maxRetryAfterMs: setup.maxRetryAfterMs }),
      },
    }),
    ...(setup.maxTranscriptChars !== undefined && {
      maxTranscriptChars: setup.maxTranscriptChars,
    }),
    signal,
  };
}

/**
 * The rows an earlier session left, streamed once into the tally: a line torn by a kill is cut off first (the
 * one place the run repairs its file); any other damage refuses the folder with file:line.
 */
async function resumeRows(path: string, tally: RowTally): Promise<void> {
  if (!existsSync(path)) return;
  repairTornTail(path);
  for await (const row of readUtterances(path)) tally.add(row);
}
