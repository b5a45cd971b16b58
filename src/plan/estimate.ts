import { AudioReadError, readAudio } from '../audio/read.js';
import { type Audio, durationSeconds } from '../audio/types.js';
import { corpusAccess } from '../corpus/access.js';
import type { Clip, CorpusAccess } from '../corpus/types.js';
import { cacheKey, type TranscriptCache } from '../dispatch/cache.js';
import type { Engine } from '../engines/types.js';
import type { RunConfig } from '../run/config.js';
import type { PlannedCondition, RunPlan } from '../run/plan.js';
import { concurrencyOf } from '../run/record.js';
import { unitAudio } from '../run/unit-audio.js';
import type { WarmStart } from '../run/warm.js';
import { median } from '../stats/quantile.js';
import { type PriceLookup, type PriceTable, priceOf } from './prices.js';

/** Where an engine's time per call comes from. */
export type LatencySource = 'transcript cache' | 'run folder' | 'price table' | 'stated';

export interface EngineEstimate {
  readonly engine: string;
  readonly model?: string;
  /** Units of this engine in the plan (this shard's, with --shard). */
  readonly units: number;
  /** Already in the output folder (a resume): not sent again. */
  readonly done: number;
  /** Answered by the transcript cache: no call, no cost. */
  readonly cacheHits: number;
  /** Engine calls the run would make (units − done − cache hits), before retries. */
  readonly calls: number;
  /** Audio sent by those calls, and what is billed (with a per-request minimum). */
  readonly audioSeconds: number;
  readonly billedSeconds: number;
  readonly concurrency: number;
  readonly rps?: number;
  readonly latency: { readonly ms: number; readonly source: LatencySource } | null;
  /** Expected wall time of the calls: max(calls × latency / concurrency, calls / rps). */
  readonly seconds: number | null;
  readonly price: PriceLookup;
  /** null when the price is unknown. */
  readonly cost: number | null;
}

export interface RunEstimate {
  readonly clips: number;
  readonly conditions: number;
  readonly engines: readonly EngineEstimate[];
  readonly units: number;
  readonly calls: number;
  readonly currency: string;
  /** Sum over engines with a price; `unpriced` lists engines with calls and no price. */
  readonly cost: number;
  readonly unpriced: readonly string[];
  /** Clips that could not be read (their units would be error rows, no call). */
  readonly unreadable: number;
  readonly cacheChecked: boolean;
}

export interface EstimateInput {
  readonly config: RunConfig;
  readonly plan: RunPlan;
  readonly engines: readonly Engine[];
  /** Whether a unit is already recorded in the output folder. */
  readonly isDone: (condition: string, engine: string, clipId: string) => boolean;
  /** Latencies (ms) of the output folder's non-cached calls by engine, for measured latency. */
  readonly folderLatencies?: ReadonlyMap<string, readonly number[]>;
  readonly cache?: TranscriptCache;
  /** The audio-identity store (src/run/warm.ts), with the cache: audio known without DSP. */
  readonly warm?: WarmStart;
  readonly prices?: PriceTable;
  /** A stated time per call (ms) for engines with no measured or tabled latency. */
  readonly latencyMs?: number;
}

/**
 * What a run would do, unit by unit, without calling any engine: every clip × condition is
 * perturbed exactly as the run perturbs it (run/unit-audio.ts `unitAudio`), so the audio hashes —
 * and so the cache hits — and the billed durations are the run's own (a `silence` condition
 * lengthens its clips, and is billed for it).
 */
export async function estimateRun(input: EstimateInput): Promise<RunEstimate> {
  const { plan, engines, isDone, cache } = input;
  const tally = engines.map(
    (): Tally => ({ units: 0, done: 0, hits: 0, calls: 0, audio: 0, billed: 0, latencies: [] }),
  );
  const identities = cache ? await Promise.all(engines.map((e) => e.identity())) : [];
  const prices = engines.map((e) => priceOf(e.id, modelOf(e), input.prices));
  const access = corpusAccess(plan.corpus.clips);
  let unreadable = 0;
  for (const clip of plan.clips) {
    const todo = (c: string, e: Engine) => !isDone(c, e.id, clip.id);
    for (const [i, e] of engines.entries()) {
      tally[i].units += plan.conditions.length;
      tally[i].done += plan.conditions.filter((c) => !todo(c.name, e)).length;
    }
    const conditions = plan.conditions.filter((c) => engines.some((e) => todo(c.name, e)));
    if (conditions.length === 0) continue;
    const units = new UnitAudio(clip, access, input.warm);
    for (const c of conditions) {
      const made = await units.of(c);
      if (!made) {
        unreadable++;
        break;
      }
      const { audioSha256, seconds } = made;
      for (const [i, e] of engines.entries()) {
        if (!todo(c.name, e)) continue;
        const t = tally[i];
        const hit = cache
          ? await cache.get(cacheKey(e.id, e.config, identities[i], audioSha256))
          : undefined;
        if (hit) {
          t.hits++;
          if (hit.latencyMs !== undefined) t.latencies.push(hit.latencyMs);
          continue;
        }
        t.calls++;
        t.audio += seconds;
        const price = prices[i];
        t.billed +=
          price.kind === 'priced' ? Math.max(seconds, price.entry.minimumSeconds) : seconds;
      }
    }
  }
  const estimates = engines.map((e, i) => engineEstimate(e, i, tally[i], prices[i], input));
  return {
    clips: plan.clips.length,
    conditions: plan.conditions.length,
    engines: estimates,
    units: estimates.reduce((n, e) => n + e.units, 0),
    calls: estimates.reduce((n, e) => n + e.calls, 0),
    currency: input.prices?.currency ?? 'USD',
    cost: estimates.reduce((n, e) => n + (e.cost ?? 0), 0),
    unpriced: estimates.filter((e) => e.cost === null && e.calls > 0).map((e) => e.engine),
    unreadable,
    cacheChecked: cache !== undefined,
  };
}

/**
 * A clip's units' audio hashes and lengths: remembered by the audio-identity store when an
 * earlier run or estimate made them (no DSP: a warm nightly estimate costs seconds), else
 * perturbed exactly as the run perturbs them and remembered for the run that follows.
 */
class UnitAudio {
  private clean: Audio | null | undefined;
  private clipHash: Promise<string | undefined> | undefined;

  constructor(
    private readonly clip: Clip,
    private readonly access: CorpusAccess,
    private readonly warm: WarmStart | undefined,
  ) {}

  /** Undefined when the clip cannot be read (its units are missing data). */
  async of(c: PlannedCondition): Promise<{ audioSha256: string; seconds: number } | undefined> {
    const { warm, clip } = this;
    this.clipHash ??= warm?.clipHash(clip);
    const clipHash = await this.clipHash;
    const key = warm && clipHash ? warm.keyOf(clip, clipHash, c) : undefined;
    const known = key ? await warm?.get(key) : undefined;
    if (known?.seconds !== undefined)
      return { audioSha256: known.audioSha256, seconds: known.seconds };
    if (this.clean === undefined) {
      try {
        this.clean = await readAudio(clip.audioPath);
      } catch (e) {
        if (!(e instanceof AudioReadError)) throw e;
        this.clean = null;
      }
    }
    if (this.clean === null) return undefined;
    const { perturbed, audioSha256 } = await unitAudio(clip, c, this.clean, this.access);
    const { params, notes } = perturbed;
    const seconds = durationSeconds(perturbed.audio);
    if (key) await warm?.set(key, { audioSha256, params, notes, seconds });
    return { audioSha256, seconds };
  }
}

interface Tally {
  units: number;
  done: number;
  hits: number;
  calls: number;
  audio: number;
  billed: number;
  latencies: number[];
}

function engineEstimate(
  e: Engine,
  i: number,
  t: Tally,
  price: PriceLookup,
  input: EstimateInput,
): EngineEstimate {
  const latency = latencyOf(e.id, t.latencies, input, price);
  const concurrency = concurrencyOf(input.config, i, e);
  const rps = input.config.engines[i].rps;
  const seconds =
    latency === null
      ? null
      : Math.max((t.calls * latency.ms) / 1000 / concurrency, rps ? t.calls / rps : 0);
  return {
    engine: e.id,
    ...(modelOf(e) && { model: modelOf(e) }),
    units: t.units,
    done: t.done,
    cacheHits: t.hits,
    calls: t.calls,
    audioSeconds: t.audio,
    billedSeconds: t.billed,
    concurrency,
    ...(rps !== undefined && { rps }),
    latency,
    seconds,
    price,
    cost:
      price.kind === 'priced'
        ? (t.billed / 60) * price.entry.perMinute
        : price.kind === 'local'
          ? 0
          : null,
  };
}

/** The model an engine is configured with (config `model`), for model-specific prices. */
function modelOf(e: Engine): string | undefined {
  const m = e.config.model;
  return typeof m === 'string' ? m : undefined;
}

/** Measured first (this plan's cache hits, then the folder's own calls), then stated figures. */
function latencyOf(
  engine: string,
  fromCache: number[],
  input: EstimateInput,
  price: PriceLookup,
): EngineEstimate['latency'] {
  const cached = median(fromCache.sort((a, b) => a - b));
  if (cached !== null) return { ms: cached, source: 'transcript cache' };
  const folder = [...(input.folderLatencies?.get(engine) ?? [])].sort((a, b) => a - b);
  const fromFolder = median(folder);
  if (fromFolder !== null) return { ms: fromFolder, source: 'run folder' };
  if (price.kind === 'priced' && price.entry.latencyMs !== undefined)
    return { ms: price.entry.latencyMs, source: 'price table' };
  if (input.latencyMs !== undefined) return { ms: input.latencyMs, source: 'stated' };
  return null;
}
