import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TranscriptCache } from '../dispatch/cache.js';
import { createEngine } from '../engines/registry.js';
import type { Engine } from '../engines/types.js';
import { runFolder } from '../results/folder.js';
import { unitKey } from '../results/row.js';
import { readUtterances } from '../results/utterances.js';
import type { RunConfig } from '../run/config.js';
import type { ReadyToCall } from '../run/execute.js';
import { planRun } from '../run/plan.js';
import { runFingerprint } from '../run/record.js';
import { warmStart } from '../run/warm.js';
import { estimateRun, type RunEstimate } from './estimate.js';
import { loadPriceTable } from './prices.js';

/**
 * `lastmile plan`: the run's own plan (the same config, corpus selection, shard and output
 * folder a `run` would use), its engines created but never called, and the estimate.
 */
export async function planCost(config: RunConfig, latencyMs?: number): Promise<RunEstimate> {
  const plan = await planRun(config);
  const engines: Engine[] = [];
  try {
    for (const setup of config.engines)
      engines.push(await createEngine(setup.id, setup.config ?? {}, config.engineBaseDir));
    const folder = runFolder(resolve(config.out));
    const done = new Set<string>();
    if (existsSync(folder.utterances))
      for await (const row of readUtterances(folder.utterances)) done.add(row.unit);
    const cache = config.cache ? new TranscriptCache(config.cacheDir) : undefined;
    const { scenarioInputs, codecs } = await runFingerprint(config, plan, engines);
    return await estimateFor(
      config,
      {
        plan,
        engines,
        isDone: (condition, engine, clipId) => done.has(unitKey(condition, engine, clipId)),
        utterances: folder.utterances,
        cache,
        warm: cache && (await warmStart(cache, plan, scenarioInputs, codecs)),
      },
      latencyMs,
    );
  } finally {
    await Promise.all(engines.map((e) => e.close?.().catch(() => undefined)));
  }
}

/** The estimate from what a run holds just before its first call (also `run`'s cost check). */
export async function estimateFor(
  config: RunConfig,
  ready: ReadyToCall,
  latencyMs?: number,
): Promise<RunEstimate> {
  const prices = config.cost?.prices ? await loadPriceTable(config.cost.prices) : undefined;
  return estimateRun({
    config,
    plan: ready.plan,
    engines: ready.engines,
    isDone: ready.isDone,
    folderLatencies: await folderLatencies(ready.utterances),
    ...(ready.cache && { cache: ready.cache }),
    ...(ready.warm && { warm: ready.warm }),
    ...(prices && { prices }),
    ...(latencyMs !== undefined && { latencyMs }),
  });
}

/**
 * The folder's own engine calls' latencies by engine (rows with a transcript that did not come
 * from the cache), streamed: one number per call, held only while the estimate is made.
 */
async function folderLatencies(utterances: string): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  if (!existsSync(utterances)) return out;
  for await (const r of readUtterances(utterances)) {
    if (r.cached || r.latencyMs === undefined || r.hypothesis === null) continue;
    const list = out.get(r.engine) ?? [];
    list.push(r.latencyMs);
    out.set(r.engine, list);
  }
  return out;
}
