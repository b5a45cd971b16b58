import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { DEFAULT_GROUP_BY } from '../results/defaults.js';
import { runFolder } from '../results/folder.js';
import { type RunJson, readRunJson, writeRunJson } from '../results/run-json.js';
import { readUtterances, UtterancesWriter } from '../results/utterances.js';
import { getNormalizer } from '../scoring/normalize.js';
import { RowTally } from './tally.js';

export interface MergeResult {
  readonly out: string;
  readonly runJson: RunJson;
  /** Every shard's rows, shard by shard, in each shard's file order (as written to `out`), tallied. */
  readonly tally: RowTally;
}

interface ShardFolder {
  readonly dir: string;
  readonly runJson: RunJson & { shard: NonNullable<RunJson['shard']> };
}

/**
 * Combines the folders of a sharded run (`run --shard i/N`) into one run folder at `out`,
 * from their raw rows: `utterances.jsonl` is every shard's rows, `run.json` the shards'
 * common record with the slice removed, units summed and every session kept. Refuses shards
 * of different runs (fingerprint or settings), a missing or duplicated shard, an unfinished
 * shard — before anything is written; a unit found in two shards stops the merge and
 * removes the rows written so far.
 */
export async function mergeShards(dirs: readonly string[], outDir: string): Promise<MergeResult> {
  if (dirs.length === 0) throw new UserError('merge: name the shard folders to merge');
  const shards = await Promise.all(dirs.map(readShard));
  checkSameRun(shards);
  checkComplete(shards);
  const out = runFolder(resolve(outDir));
  if (existsSync(out.utterances) || existsSync(out.runJson))
    throw new UserError(`merge: ${outDir} already holds a run; choose an empty --out folder`);
  // Rows stream from each shard to the merged file and into the tally the analysis reads;
  // the tally's source tag (the shard's position) tells a unit found in two shards.
  const tally = new RowTally(
    shards[0].runJson.corpus.groupBy ?? DEFAULT_GROUP_BY,
    getNormalizer('en-basic'),
    shards[0].runJson.keywords,
  );
  await mkdir(out.dir, { recursive: true });
  const writer = new UtterancesWriter(out.utterances);
  try {
    for (const [i, shard] of shards.entries()) {
      for await (const row of readUtterances(runFolder(shard.dir).utterances)) {
        const other = tally.sourceOf(row.condition, row.engine, row.id);
        if (other !== undefined && other !== i)
          throw new UserError(
            `merge: unit ${row.unit} is in both ${shards[other].dir} and ${shard.dir}; these folders are not slices of one sharded run`,
          );
        tally.add(writer.append(row), undefined, i);
      }
    }
  } catch (e) {
    writer.close();
    await rm(out.utterances, { force: true });
    throw e;
  }
  writer.close();
  const runJson = mergedRunJson(shards);
  await writeRunJson(out.runJson, runJson);
  return { out: out.dir, runJson, tally };
}

async function readShard(dir: string): Promise<ShardFolder> {
  const folder = runFolder(resolve(dir));
  const runJson = await readRunJson(folder.runJson);
  if (!runJson) throw new UserError(`merge: ${dir} has no run.json; is it a run folder?`);
  if (!runJson.shard)
    throw new UserError(
      `merge: ${dir} is not a shard (its run.json has no "shard"); merge combines the folders of run --shard i/N`,
    );
  return { dir, runJson: runJson as ShardFolder['runJson'] };
}

/** The same fingerprint and settings, and shards 1..N each exactly once. */
function checkSameRun(shards: readonly ShardFolder[]): void {
  const first = shards[0];
  const settings = (j: RunJson) =>
    JSON.stringify([j.fingerprint, j.shard?.count, j.conditions, j.thresholds, j.corpus.selected]);
  for (const s of shards.slice(1))
    if (settings(s.runJson) !== settings(first.runJson))
      throw new UserError(
        `merge: ${s.dir} and ${first.dir} are shards of different runs (corpus, scenarios, engines, limit or shard count differ); merge only the shards of one run`,
      );
  const count = first.runJson.shard.count;
  const byIndex = new Map<number, string>();
  for (const s of shards) {
    const twin = byIndex.get(s.runJson.shard.index);
    if (twin !== undefined)
      throw new UserError(
        `merge: shard ${s.runJson.shard.index}/${count} is given twice (${twin} and ${s.dir}); give each shard once`,
      );
    byIndex.set(s.runJson.shard.index, s.dir);
  }
  const missing = [];
  for (let i = 1; i <= count; i++) if (!byIndex.has(i)) missing.push(`${i}/${count}`);
  if (missing.length)
    throw new UserError(
      `merge: shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing; a merge needs all ${count} shards`,
    );
}

function checkComplete(shards: readonly ShardFolder[]): void {
  for (const s of shards)
    if (s.runJson.status !== 'complete')
      throw new UserError(
        `merge: shard ${s.runJson.shard.index}/${s.runJson.shard.count} in ${s.dir} is ${s.runJson.status}; run it again with the same --out to finish it, then merge`,
      );
}

/** The first shard's record without the slice; units summed, every shard's sessions kept. */
function mergedRunJson(shards: readonly ShardFolder[]): RunJson {
  const ordered = [...shards].sort((a, b) => a.runJson.shard.index - b.runJson.shard.index);
  const { shard: _, ...first } = ordered[0].runJson;
  const sum = (key: keyof RunJson['units']) =>
    ordered.reduce((n, s) => n + s.runJson.units[key], 0);
  const times = ordered.map((s) => s.runJson);
  return {
    ...first,
    createdAt: times.map((j) => j.createdAt).sort()[0],
    updatedAt: times.map((j) => j.updatedAt).sort()[times.length - 1],
    status: 'complete',
    units: { total: sum('total'), done: sum('done'), errors: sum('errors') },
    sessions: ordered.flatMap((s) => s.runJson.sessions),
  };
}
