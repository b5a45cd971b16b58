import { join } from 'node:path';
import { compareRuns } from '../compare/compare.js';
import { loadCompareRun } from '../compare/load.js';
import { pairRuns } from '../compare/pair-runs.js';
import type { RunJson } from '../results/run-json.js';
import { readAllUtterances } from '../results/utterances.js';
import { resolveRunConfig } from '../run/config.js';
import { executeRun } from '../run/execute.js';
import type { Check } from './check.js';

export interface EngineAccess {
  /** Engine ids, as on `lastmile run --engine`. */
  readonly engines: readonly string[];
  readonly engineConfig?: readonly string[];
}

/**
 * With engine access, the bundle's units are transcribed again — the bundled scenarios over the
 * checker's corpus, the same selection — and set against the recorded transcripts twice:
 * identical text unit by unit, and `compare`'s paired tests cell by cell (a changed cell is a
 * difference the engine, not chance, would have to explain).
 */
export async function retranscribeChecks(
  root: string,
  runJson: RunJson,
  corpus: string,
  access: EngineAccess,
  work: string,
): Promise<Check[]> {
  const out = join(work, 'rerun');
  const config = await resolveRunConfig({
    scenarios: runJson.scenarios.map((s) => join(root, s.file)),
    corpus,
    engines: access.engines,
    ...(access.engineConfig && { engineConfig: access.engineConfig }),
    out,
    ...(runJson.corpus.groupBy && { groupBy: runJson.corpus.groupBy }),
    ...(runJson.corpus.limit !== undefined && { limit: runJson.corpus.limit }),
    cache: false,
    outputs: [],
    engineBaseDir: process.cwd(),
  });
  const result = await executeRun(config, { progress: 'none' });
  const [recorded, remade] = await Promise.all([loadCompareRun(root), loadCompareRun(out)]);
  const rows = await readAllUtterances(result.utterancesPath);
  const again = new Map(rows.map((r) => [`${r.condition}|${r.id}`, r.hypothesis]));
  const problems: string[] = [];
  let matched = 0;
  for (const r of recorded.rows) {
    const h = again.get(`${r.condition}|${r.id}`);
    if (h === undefined) problems.push(`${r.unit}: not transcribed again`);
    else if (h !== r.hypothesis)
      problems.push(`${r.unit}: the engine now hears "${(h ?? '(failed)').slice(0, 50)}"`);
    else matched++;
  }
  const pairing = pairRuns(recorded, remade, true);
  const cells = compareRuns(pairing, recorded.normalizer, {
    alpha: 0.05,
    rules: [{ rule: 'regression', level: 'error', max: 5 }],
  });
  const changed = cells.filter((c) => c.status !== 'unchanged');
  return [
    {
      name: 'transcripts re-made by the engine (identical text)',
      matched,
      total: recorded.rows.length,
      problems,
    },
    {
      name: 'paired tests, recorded against re-made (compare)',
      matched: cells.length - changed.length,
      total: cells.length,
      problems: changed.map(
        (c) =>
          `${c.condition} ${c.group} ${c.metric}: ${c.status} (${c.change === null ? '—' : (100 * c.change).toFixed(1)} points, p ${c.pAdjusted.toFixed(3)})`,
      ),
    },
  ];
}
