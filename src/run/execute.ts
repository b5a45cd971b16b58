import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { corpusAccess } from '../corpus/access.js';
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
import { type UtteranceRow, unitKey } from '../results/row.js';
import { type RunJson, type RunSession, readRunJson, writeRunJson } from '../results/run-json.js';
import { readUtterances, repairTornTail, UtterancesWriter } from '../results/utterances.js';
import { runClip } from './clip.js';
import type { RunConfig } from './config.js';
import { planRun, type RunPlan } from './plan.js';
import { Progress, type ProgressMode } from './progress.js';
import { checkResumable, concurrencyOf, describeRun, runFingerprint } from './record.js';
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
}

/** What a run knows just before its first engine call. */
export interface ReadyToCall {
  readonly plan: RunPlan;
  readonly engines: readonly Engine[];
  readonly done: ReadonlySet<string>;
  readonly rows: readonly UtteranceRow[];
  readonly cache: TranscriptCache | undefined;
}

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
  readonly plan: RunPlan;
  /** run.json as written at the end of the session. */
  readonly runJson: RunJson;
  /** Every row of utterances.jsonl (earlier sessions' and this one's), kept as they were written. */
  readonly rows: readonly UtteranceRow[];
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
    const { fingerprint, scenarioHashes, codecs } = await runFingerprint(config, plan, engines);
    const previous = await readRunJson(folder.runJson);
    checkResumable(config.out, previous, fingerprint, plan.shard);
    // Only now, with every input and engine checked, is the run announced and its folder made:
    // a failed start says why and leaves nothing behind.
    options.onPlan?.(plan);
    await mkdir(folder.dir, { recursive: true });
    const rows = new RunRows(await resumeRows(folder.utterances), plannedUnits(plan, engines));
    const cache = config.cache ? new TranscriptCache(config.cacheDir) : undefined;
    await options.beforeCalls?.({ plan, engines, done: rows.done, rows: rows.all, cache });
    const dispatchers = engines.map((engine, i) =>
      createDispatcher(engine, dispatchOptions(config, i, engine, cache, signal)),
    );
    // Without a cache every unit left is an engine call: let engines load their models while
    // the run writes run.json and reads and perturbs its first clips.
    if (!cache && rows.left() > 0) for (const engine of engines) engine.warmUp?.();

    const session: RunSession = {
      startedAt: new Date().toISOString(),
      resumed: rows.done.size,
      ran: 0,
    };
    const runJson = await describeRun({
      ...{ config, plan, engines, dispatchers, previous, session, fingerprint, scenarioHashes },
      codecs,
      cacheDir: cache?.dir,
      units: rows.units(),
    });
    await writeRunJson(folder.runJson, runJson);
    const failure = await runUnits(
      config,
      plan,
      { folder, dispatchers, rows, session, signal },
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
      total: rows.planned.size,
      resumed: session.resumed,
      ran: session.ran,
      errors: runJson.units.errors,
      interrupted: signal.aborted,
      stats: session.stats,
      plan,
      runJson,
      rows: rows.all,
    };
  } finally {
    await Promise.all(engines.map((e) => e.close?.().catch(() => undefined)));
  }
}

/**
 * The rows of the folder as the run goes: every row in file order (what `stats` would read),
 * the latest per unit, and which planned units are done.
 */
class RunRows {
  private readonly byUnit: Map<string, UtteranceRow>;
  readonly done: Set<string>;

  constructor(
    readonly all: UtteranceRow[],
    readonly planned: ReadonlySet<string>,
  ) {
    this.byUnit = new Map(all.map((row) => [row.unit, row]));
    this.done = new Set([...this.byUnit.keys()].filter((u) => planned.has(u)));
  }

  add(row: UtteranceRow): void {
    this.all.push(row);
    this.byUnit.set(row.unit, row);
    this.done.add(row.unit);
  }

  left(): number {
    return this.planned.size - this.done.size;
  }

  units(): RunJson['units'] {
    let errors = 0;
    for (const [unit, row] of this.byUnit)
      if (this.planned.has(unit) && row.error !== undefined) errors++;
    return { total: this.planned.size, done: this.done.size, errors };
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
  },
  options: RunSessionOptions,
): Promise<unknown> {
  const { dispatchers, rows, session, signal } = state;
  const progress = new Progress(options.progress ?? 'none', () => dispatchers.map((d) => d.stats));
  progress.counts.total = rows.planned.size;
  progress.counts.resumed = rows.done.size;
  progress.start();
  const writer = new UtterancesWriter(state.folder.utterances);
  try {
    const perClip = Math.max(1, plan.conditions.length * dispatchers.length);
    const inFlight = Math.max(...dispatchers.map((d, i) => concurrencyOf(config, i, d.engine)));
    const width = Math.max(2, Math.ceil(inFlight / perClip) + 1);
    const context = {
      conditions: plan.conditions,
      dispatchers,
      done: rows.done,
      access: corpusAccess(plan.corpus.clips),
      signal,
      record: (unsafe: UtteranceRow) => {
        const row = writer.append(unsafe);
        rows.add(row);
        session.ran++;
        progress.counts.done++;
        if (row.error !== undefined) progress.counts.errors++;
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

function plannedUnits(plan: RunPlan, engines: readonly Engine[]): Set<string> {
  const planned = new Set<string>();
  for (const clip of plan.clips)
    for (const c of plan.conditions)
      for (const e of engines) planned.add(unitKey(c.name, e.id, clip.id));
  return planned;
}

function dispatchOptions(
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
 * The rows an earlier session left, read once: a line torn by a kill is cut off first (the
 * one place the run repairs its file); any other damage refuses the folder with file:line.
 */
async function resumeRows(path: string): Promise<UtteranceRow[]> {
  const rows: UtteranceRow[] = [];
  if (!existsSync(path)) return rows;
  repairTornTail(path);
  for await (const row of readUtterances(path)) rows.push(row);
  return rows;
}
