import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TranscriptCache } from '../dispatch/cache.js';
import { createEngine } from '../engines/registry.js';
import type { Engine } from '../engines/types.js';
import { runFolder } from '../results/folder.js';
import { unitKey } from '../results/row.js';
import { readAllUtterances } from '../results/utterances.js';
import type { RunConfig } from '../run/config.js';
import type { ReadyToCall } from '../run/execute.js';
import { planRun } from '../run/plan.js';
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
    const rows = existsSync(folder.utterances) ? await readAllUtterances(folder.utterances) : [];
    const planned = new Set<string>();
    for (const clip of plan.clips)
      for (const c of plan.conditions)
        for (const e of engines) planned.add(unitKey(c.name, e.id, clip.id));
    const done = new Set(rows.map((r) => r.unit).filter((u) => planned.has(u)));
    return await estimateFor(
      config,
      {
        plan,
        engines,
        done,
        rows,
        cache: config.cache ? new TranscriptCache(config.cacheDir) : undefined,
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
    done: ready.done,
    rows: ready.rows,
    ...(ready.cache && { cache: ready.cache }),
    ...(prices && { prices }),
    ...(latencyMs !== undefined && { latencyMs }),
  });
}
