import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { AudioReadError, readAudio } from '../audio/read.js';
import type { Audio } from '../audio/types.js';
import { encodeWav16 } from '../audio/write.js';
import { corpusFingerprint, loadCorpus } from '../corpus/load.js';
import type { Clip, CorpusAccess } from '../corpus/types.js';
import type { BackoffOptions } from '../dispatch/backoff.js';
import { TranscriptCache } from '../dispatch/cache.js';
import { createDispatcher, type Dispatcher, type DispatchStats } from '../dispatch/dispatcher.js';
import { createEngine } from '../engines/registry.js';
import { redact } from '../engines/secrets.js';
import type { Engine } from '../engines/types.js';
import { UserError } from '../errors.js';
import { perturbClip } from '../perturbation/perturb-clip.js';
import type { UtteranceRow } from '../results/types.js';
import { loadScenario } from '../scenario/load.js';
import type { Scenario, Thresholds } from '../scenario/types.js';
import { limitClips, type PlannedCondition, planConditions, unitKey } from './plan.js';
import { Progress, type ProgressMode } from './progress.js';
import { ResultsWriter, readExistingResults } from './results-file.js';

/** One engine of a run and how the dispatcher drives it (unset: the engine's defaults). */
export interface EngineSetup {
  readonly id: string;
  readonly config?: Readonly<Record<string, unknown>>;
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly rps?: number;
}

export interface RunOptions {
  readonly scenarios: readonly string[];
  readonly corpus: string;
  readonly engines: readonly EngineSetup[];
  /** Output folder; an existing run there is resumed. */
  readonly out: string;
  readonly groupBy?: string;
  /** Overrides every engine's concurrency. */
  readonly concurrency?: number;
  readonly limit?: number;
  readonly skipBad?: boolean;
  /** false: `--no-cache`. */
  readonly cache?: boolean;
  readonly cacheDir?: string;
  readonly progress?: ProgressMode;
  readonly thresholds?: Partial<Thresholds>;
  readonly outputs?: readonly string[];
  readonly suite?: { readonly file: string; readonly name: string };
  /** The command line, for run.json (redacted). */
  readonly command?: readonly string[];
  /** Folder engine paths (file:, command: cwd) resolve against. */
  readonly engineBaseDir?: string;
  readonly backoff?: Partial<BackoffOptions>;
  /** Interrupts the run (Ctrl-C): finished units stay recorded, the rest is left for resume. */
  readonly signal?: AbortSignal;
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
  readonly scenarios: readonly Scenario[];
  /** Planned condition names, clean first, in plan order (as in run.json). */
  readonly conditions: readonly string[];
  readonly thresholds: Thresholds;
}

const TOOL = toolVersion();

/**
 * Runs every (clip × condition × engine) unit not already in `<out>/utterances.jsonl`.
 * Each clip is decoded once; each clip × condition is perturbed once and the same audio goes
 * to every engine. Rows are appended as units finish; `run.json` records the inputs'
 * hashes, versions and seeds, and the sessions that built the folder.
 */
export async function executeRun(options: RunOptions): Promise<RunResult> {
  const signal = options.signal ?? new AbortController().signal;
  const corpus = await loadCorpus(options.corpus, {
    skipBad: options.skipBad,
    groupBy: options.groupBy,
  });
  const scenarios = await Promise.all(options.scenarios.map((file) => loadScenario(file)));
  const names = new Set<string>();
  for (const s of scenarios) {
    if (names.has(s.name))
      throw new UserError(
        `two scenarios are named "${s.name}"; scenario names must differ within a run`,
      );
    names.add(s.name);
  }
  const clips = limitClips(corpus.clips, options.limit, options.groupBy);
  const conditions = planConditions(scenarios);
  const thresholds: Thresholds = {
    ...(scenarios[0]?.thresholds ?? {
      excessDegradation: 5,
      alpha: 0.05,
      failOn: 'disproportionate',
    }),
    ...options.thresholds,
  };
  const ids = options.engines.map((e) => e.id);
  if (new Set(ids).size !== ids.length)
    throw new UserError(`an engine is named twice: ${ids.join(', ')}`);

  const out = resolve(options.out);
  await mkdir(out, { recursive: true });
  const runJsonPath = join(out, 'run.json');
  const utterancesPath = join(out, 'utterances.jsonl');

  const engines: Engine[] = [];
  try {
    for (const setup of options.engines)
      engines.push(await createEngine(setup.id, setup.config ?? {}, options.engineBaseDir));

    const scenarioHashes = await Promise.all(
      options.scenarios.map(async (f) => sha256(await readFile(f))),
    );
    const fingerprint = sha256(
      JSON.stringify({
        corpus: corpusFingerprint(corpus),
        scenarios: scenarioHashes,
        engines: engines.map((e) => [e.id, e.config]),
      }),
    );
    const previous = existsSync(runJsonPath)
      ? (JSON.parse(readFileSync(runJsonPath, 'utf8')) as RunJson)
      : undefined;
    if (previous && previous.fingerprint !== fingerprint) {
      throw new UserError(
        `${options.out} holds a run of different inputs (corpus, scenarios or engine config changed since ${previous.createdAt}); choose another --out, or delete the folder to start over`,
      );
    }
    const existing = readExistingResults(utterancesPath);

    const cache = options.cache === false ? undefined : new TranscriptCache(options.cacheDir);
    const dispatchers: Dispatcher[] = engines.map((engine, i) => {
      const setup = options.engines[i];
      return createDispatcher(engine, {
        concurrency: options.concurrency ?? setup.concurrency ?? engine.defaults.concurrency,
        timeoutMs: setup.timeoutMs ?? engine.defaults.timeoutMs,
        retries: setup.retries ?? engine.defaults.retries,
        ...(setup.rps !== undefined && { rps: setup.rps }),
        ...(cache && { cache }),
        ...(options.backoff && { backoff: options.backoff }),
        signal,
      });
    });

    const planned = new Set<string>();
    for (const clip of clips)
      for (const c of conditions)
        for (const e of engines) planned.add(unitKey(c.name, e.id, clip.id));
    const done = new Set([...existing.rows.keys()].filter((u) => planned.has(u)));
    // Without a cache every unit left is an engine call: let engines load their models while
    // the run writes run.json and reads and perturbs its first clips.
    if (!cache && done.size < planned.size) for (const engine of engines) engine.warmUp?.();

    const session: Session = { startedAt: new Date().toISOString(), resumed: done.size, ran: 0 };
    const runJson: RunJson = {
      schemaVersion: 1,
      tool: TOOL,
      node: process.version,
      platform: `${process.platform} ${process.arch}, ${availableParallelism()} cores`,
      createdAt: previous?.createdAt ?? session.startedAt,
      updatedAt: session.startedAt,
      status: 'running',
      fingerprint,
      ...(options.command && { command: options.command.map(redact) }),
      ...(options.suite && { suite: options.suite }),
      corpus: {
        manifest: options.corpus,
        format: corpus.format,
        sha256: corpusFingerprint(corpus),
        clips: corpus.clips.length,
        selected: clips.length,
        ...(options.limit !== undefined && { limit: options.limit }),
        ...(options.groupBy && { groupBy: options.groupBy }),
        ...(corpus.skipped.length && { skipped: corpus.skipped }),
      },
      scenarios: scenarios.map((s, i) => ({
        file: s.file,
        name: s.name,
        sha256: scenarioHashes[i],
        seed: s.seed,
        conditions: s.conditions.map((c) => c.name),
      })),
      conditions: conditions.map((c) => c.name),
      engines: await Promise.all(
        engines.map(async (engine, i) => ({
          id: engine.id,
          version: await engine.version().catch(() => 'unknown'),
          config: engine.config,
          concurrency:
            options.concurrency ?? options.engines[i].concurrency ?? engine.defaults.concurrency,
          timeoutMs: options.engines[i].timeoutMs ?? engine.defaults.timeoutMs,
          retries: options.engines[i].retries ?? engine.defaults.retries,
          ...(options.engines[i].rps !== undefined && { rps: options.engines[i].rps }),
        })),
      ),
      cache: { enabled: cache !== undefined, ...(cache && { dir: cache.dir }) },
      thresholds,
      outputs: [...(options.outputs ?? [])],
      units: { total: planned.size, done: done.size, errors: countErrors(existing.rows, planned) },
      sessions: [...(previous?.sessions ?? []), session],
    };
    await writeRunJson(runJsonPath, runJson);

    const progress = new Progress(options.progress ?? 'none', () =>
      dispatchers.map((d) => d.stats),
    );
    progress.counts.total = planned.size;
    progress.counts.resumed = done.size;
    progress.start();
    const writer = new ResultsWriter(utterancesPath);
    let failure: unknown;
    try {
      const access = corpusAccess(corpus.clips);
      const perClip = Math.max(1, conditions.length * engines.length);
      const inFlight = Math.max(
        ...dispatchers.map(
          (d, i) =>
            options.concurrency ?? options.engines[i].concurrency ?? d.engine.defaults.concurrency,
        ),
      );
      const width = Math.max(2, Math.ceil(inFlight / perClip) + 1);
      await forEachWindowed(clips, width, signal, (clip) =>
        runClip(clip, conditions, dispatchers, done, access, signal, (row) => {
          writer.append(row);
          done.add(row.unit);
          session.ran++;
          progress.counts.done++;
          if (row.error !== undefined) progress.counts.errors++;
        }),
      );
    } catch (e) {
      failure = e;
    } finally {
      writer.close();
      progress.stop();
    }
    const final = readExistingResults(utterancesPath).rows;
    const interrupted = signal.aborted || failure !== undefined;
    session.finishedAt = new Date().toISOString();
    session.stats = Object.fromEntries(dispatchers.map((d) => [d.engine.id, { ...d.stats }]));
    runJson.updatedAt = session.finishedAt;
    runJson.status = failure ? 'failed' : signal.aborted ? 'interrupted' : 'complete';
    runJson.units = { total: planned.size, done: done.size, errors: countErrors(final, planned) };
    await writeRunJson(runJsonPath, runJson);
    if (failure) throw failure;
    return {
      out,
      utterancesPath,
      total: planned.size,
      resumed: session.resumed,
      ran: session.ran,
      errors: runJson.units.errors,
      interrupted,
      stats: session.stats,
      scenarios,
      conditions: runJson.conditions,
      thresholds,
    };
  } finally {
    await Promise.all(engines.map((e) => e.close?.().catch(() => undefined)));
  }
}

/** Decodes a clip once, perturbs it once per condition, and sends each version to every engine. */
async function runClip(
  clip: Clip,
  conditions: readonly PlannedCondition[],
  dispatchers: readonly Dispatcher[],
  done: ReadonlySet<string>,
  access: CorpusAccess,
  signal: AbortSignal,
  record: (row: UtteranceRow) => void,
): Promise<void> {
  const todo = conditions.filter((c) =>
    dispatchers.some((d) => !done.has(unitKey(c.name, d.engine.id, clip.id))),
  );
  if (todo.length === 0) return;
  const base = (c: PlannedCondition, engine: string) => ({
    unit: unitKey(c.name, engine, clip.id),
    id: clip.id,
    speaker: clip.speaker,
    labels: clip.labels,
    condition: c.name,
    ...(c.condition.sweep && {
      sweep: {
        base: c.name.slice(0, c.name.length - c.condition.name.length) + c.condition.sweep.base,
        values: c.condition.sweep.values,
      },
    }),
    engine,
    ...(c.scenario && { scenario: c.scenario.name }),
    reference: clip.text,
  });
  let clean: Audio;
  try {
    clean = await readAudio(clip.audioPath);
  } catch (e) {
    if (!(e instanceof AudioReadError)) throw e;
    // An unreadable clip is missing data for every unit it feeds, recorded with the reason.
    for (const c of todo)
      for (const d of dispatchers)
        if (!done.has(unitKey(c.name, d.engine.id, clip.id)))
          record({
            ...base(c, d.engine.id),
            hypothesis: null,
            error: `cannot read audio ${e.message}`,
            attempts: 0,
          });
    return;
  }
  const calls: Promise<void>[] = [];
  for (const c of todo) {
    if (signal.aborted) break;
    const perturbed = c.scenario
      ? await perturbClip(
          c.scenario,
          c.condition,
          { id: clip.id, speaker: clip.speaker },
          clean,
          access,
        )
      : { audio: clean, params: [], notes: {} };
    const wav = encodeWav16(perturbed.audio);
    const audioSha256 = sha256(wav.subarray(44));
    for (const d of dispatchers) {
      const unit = unitKey(c.name, d.engine.id, clip.id);
      if (done.has(unit)) continue;
      calls.push(
        d
          .call({ unit, clipId: clip.id, audio: perturbed.audio, wav, audioSha256 })
          .then((outcome) => {
            if (!outcome.ok && outcome.interrupted) return;
            record({
              ...base(c, d.engine.id),
              hypothesis: outcome.ok ? outcome.text : null,
              ...(!outcome.ok && { error: outcome.error }),
              ...(perturbed.params.length > 0 && { params: perturbed.params }),
              ...(Object.keys(perturbed.notes).length > 0 && { notes: perturbed.notes }),
              audioSha256,
              latencyMs: outcome.latencyMs,
              cached: outcome.cached,
              attempts: outcome.attempts,
            });
          }),
      );
    }
  }
  await Promise.all(calls);
}

/** Runs `fn` over `items` with at most `width` in flight, in order; stops taking new items on abort. */
async function forEachWindowed<T>(
  items: readonly T[],
  width: number,
  signal: AbortSignal,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (next < items.length && !signal.aborted && !failed) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const lanes = Array.from({ length: Math.min(width, items.length) }, lane);
  const results = await Promise.allSettled(lanes);
  const rejected = results.find((r) => r.status === 'rejected');
  if (rejected) throw (rejected as PromiseRejectedResult).reason;
}

/** Other clips of the corpus for kinds that mix in other speakers, decoded on demand and kept a while. */
function corpusAccess(clips: readonly Clip[]): CorpusAccess {
  const byId = new Map(clips.map((c) => [c.id, c]));
  const recent = new Map<string, Promise<Audio>>();
  return {
    clips: clips.map((c) => ({ id: c.id, speaker: c.speaker })),
    load(id) {
      const hit = recent.get(id);
      if (hit) return hit;
      const clip = byId.get(id);
      if (!clip) return Promise.reject(new Error(`no clip ${id} in the corpus`));
      const audio = readAudio(clip.audioPath);
      recent.set(id, audio);
      if (recent.size > 64) recent.delete(recent.keys().next().value as string);
      return audio;
    },
  };
}

interface Session {
  startedAt: string;
  finishedAt?: string;
  resumed: number;
  ran: number;
  stats?: Record<string, DispatchStats>;
}

/** The shape of run.json. */
export interface RunJson {
  schemaVersion: 1;
  tool: { name: string; version: string };
  node: string;
  platform: string;
  createdAt: string;
  updatedAt: string;
  status: 'running' | 'complete' | 'interrupted' | 'failed';
  /** sha256 over corpus, scenario files and engine configs: a resume must match it. */
  fingerprint: string;
  command?: string[];
  suite?: { file: string; name: string };
  corpus: Record<string, unknown>;
  scenarios: { file: string; name: string; sha256: string; seed: number; conditions: string[] }[];
  conditions: string[];
  engines: Record<string, unknown>[];
  cache: { enabled: boolean; dir?: string };
  thresholds: Thresholds;
  outputs: string[];
  units: { total: number; done: number; errors: number };
  sessions: Session[];
}

async function writeRunJson(path: string, json: RunJson): Promise<void> {
  const temp = `${path}.tmp`;
  await writeFile(temp, `${redact(JSON.stringify(json, null, 2))}\n`);
  await rename(temp, path);
}

function countErrors(
  rows: ReadonlyMap<string, UtteranceRow>,
  planned: ReadonlySet<string>,
): number {
  let n = 0;
  for (const [unit, row] of rows) if (planned.has(unit) && row.error !== undefined) n++;
  return n;
}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function toolVersion(): { name: string; version: string } {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'lastmile') return { name: 'lastmile', version: pkg.version ?? 'unknown' };
    } catch {
      // try the next candidate: src/run/ and dist/src/run/ sit at different depths
    }
  }
  return { name: 'lastmile', version: 'unknown' };
}
