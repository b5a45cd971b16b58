import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from 'tar';
import { loadCorpus } from '../corpus/load.js';
import { fsUserError, UserError } from '../errors.js';
import type { UtteranceRow } from '../results/row.js';
import { readRunJson } from '../results/run-json.js';
import { readAllUtterances, readUtterances } from '../results/utterances.js';
import { analyzeFolder } from '../run/analyze.js';
import { getNormalizer } from '../scoring/normalize.js';
import { findSlices, type SlicesResult } from '../slices/find-slices.js';
import type { Summary } from '../stats/summary-schema.js';
import type { Check } from './check.js';
import { pcmSha256, sha256, sha256File } from './hash.js';
import { BUNDLE_ROOT, type BundleIndex, bundleIndexSchema } from './index-file.js';
import { audioRebuilder } from './regenerate.js';
import { type EngineAccess, retranscribeChecks } from './retranscribe.js';
import { toolIdentity } from './tool.js';

export type { Check } from './check.js';

export interface ReproduceResult {
  readonly bundle: string;
  readonly tool: { readonly bundled: BundleIndex['tool']; readonly here: BundleIndex['tool'] };
  readonly checks: readonly Check[];
  /** Every check made matched in full. */
  readonly ok: boolean;
}

export interface ReproduceOptions {
  /** The checker's own copy of the corpus manifest. */
  readonly corpus: string;
  /** Engines to transcribe the units again with; without, that check is reported as not made. */
  readonly access?: EngineAccess;
}

/**
 * Re-derives a bundle's findings from the checker's own corpus: clip hashes, every unit's
 * audio rebuilt and hashed against what the engine heard, the bundle's files and transcripts
 * against its index, and the statistics recomputed from the transcripts (identical, or the
 * figures that differ are named), and — given engine access — the units transcribed again
 * (src/bundle/retranscribe.ts); without it the result says that check was not made.
 */
export async function reproduceBundle(
  bundle: string,
  options: ReproduceOptions,
): Promise<ReproduceResult> {
  if (!existsSync(bundle)) throw new UserError(`${bundle}: no such bundle`);
  const work = await mkdtemp(join(tmpdir(), 'lastmile-reproduce-'));
  try {
    try {
      await extract({ file: bundle, cwd: work, strict: true });
    } catch (e) {
      throw new UserError(`${bundle}: not a readable archive (${(e as Error).message})`);
    }
    const root = join(work, BUNDLE_ROOT);
    const index = await readIndex(bundle, join(root, 'bundle.json'));
    const checks: Check[] = [];
    checks.push(await checkFiles(root, index));
    checks.push(await checkRows(root, index));
    const corpus = await loadCorpus(options.corpus, { skipBad: true });
    checks.push(await checkClips(corpus, index));
    checks.push(await checkAudio(root, corpus));
    checks.push(await checkExamples(root, index));
    checks.push(await checkSummary(root));
    checks.push(await checkSlices(root));
    checks.push(
      ...(options.access
        ? await retranscribeChecks(
            root,
            (await readRunJson(join(root, 'run.json')))!,
            options.corpus,
            options.access,
            work,
          )
        : [
            {
              name: 'transcripts re-made by the engines',
              matched: 0,
              total: 0,
              problems: [],
              skipped:
                'needs engine access: give --engine (and --engine-config) to transcribe the units again',
            },
          ]),
    );
    return {
      bundle,
      tool: { bundled: index.tool, here: toolIdentity() },
      checks,
      ok: checks.every((c) => c.skipped !== undefined || c.problems.length === 0),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function readIndex(bundle: string, path: string): Promise<BundleIndex> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new UserError(
      `${bundle}: not a lastmile bundle (no readable ${BUNDLE_ROOT}/bundle.json: ${(e as Error).message.split('\n')[0]})`,
    );
  }
  const parsed = bundleIndexSchema.safeParse(value);
  if (!parsed.success)
    throw new UserError(
      `${bundle}: bundle.json is not one lastmile wrote (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message})`,
    );
  return parsed.data;
}

async function checkFiles(root: string, index: BundleIndex): Promise<Check> {
  const problems: string[] = [];
  for (const f of index.files) {
    const p = join(root, f.path);
    if (!existsSync(p)) problems.push(`${f.path}: missing from the bundle`);
    else if ((await sha256File(p)) !== f.sha256)
      problems.push(`${f.path}: changed since the bundle was made`);
  }
  return {
    name: 'bundle files against bundle.json',
    matched: index.files.length - problems.length,
    total: index.files.length,
    problems,
  };
}

async function checkRows(root: string, index: BundleIndex): Promise<Check> {
  const lines = (await readFile(join(root, 'utterances.jsonl'), 'utf8'))
    .split('\n')
    .filter((l) => l.trim());
  const recorded = new Map(index.rows.map((r) => [r.unit, r.sha256]));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    let unit = '(unreadable row)';
    try {
      unit = (JSON.parse(line) as UtteranceRow).unit;
    } catch {
      // named below as an unreadable row
    }
    seen.add(unit);
    const want = recorded.get(unit);
    if (want === undefined) problems.push(`${unit}: a transcript row the bundle did not record`);
    else if (want !== sha256(line))
      problems.push(`${unit}: transcript row differs from the one recorded`);
  }
  for (const unit of recorded.keys())
    if (!seen.has(unit)) problems.push(`${unit}: recorded row missing`);
  return {
    name: 'transcript rows against bundle.json',
    matched: index.rows.length - problems.length,
    total: index.rows.length,
    problems,
  };
}

async function checkClips(
  corpus: Awaited<ReturnType<typeof loadCorpus>>,
  index: BundleIndex,
): Promise<Check> {
  const theirs = new Map(corpus.clips.map((c) => [c.id, c]));
  const problems: string[] = [];
  for (const c of index.corpus.clips) {
    const clip = theirs.get(c.id);
    if (!clip) problems.push(`clip ${c.id}: not in ${corpus.manifest}`);
    else if ((await sha256File(clip.audioPath)) !== c.sha256)
      problems.push(`clip ${c.id}: ${clip.audioPath} differs from the clip the run used`);
  }
  const total = index.corpus.clips.length;
  return {
    name: 'corpus clips (sha256 of each file)',
    matched: total - problems.length,
    total,
    problems,
  };
}

async function checkAudio(
  root: string,
  corpus: Awaited<ReturnType<typeof loadCorpus>>,
): Promise<Check> {
  const runJson = await readRunJson(join(root, 'run.json'));
  const rebuild = await audioRebuilder(
    corpus,
    runJson!.scenarios.map((s) => join(root, s.file)),
  );
  const problems: string[] = [];
  let total = 0;
  // One row at a time: a bundle of a large run is checked in the memory of a small one.
  for await (const row of readUtterances(join(root, 'utterances.jsonl'))) {
    if (!row.audioSha256) continue;
    total++;
    try {
      const hash = pcmSha256(await rebuild(row));
      if (hash !== row.audioSha256)
        problems.push(`${row.unit}: rebuilt audio differs from what the engine heard`);
    } catch (e) {
      problems.push(`${row.unit}: could not be rebuilt (${(e as Error).message.split('\n')[0]})`);
    }
  }
  return {
    name: 'perturbed audio rebuilt bit for bit (every unit)',
    matched: total - problems.length,
    total,
    problems,
  };
}

async function checkExamples(root: string, index: BundleIndex): Promise<Check> {
  const problems: string[] = [];
  for (const x of index.examples) {
    const data = await readFile(join(root, x.file)).catch((e) => {
      throw fsUserError(e, x.file);
    });
    if (sha256(data.subarray(44)) !== x.audioSha256)
      problems.push(`${x.file}: not the audio the engine heard for ${x.unit}`);
  }
  return {
    name: 'cited examples (bundled WAVs)',
    matched: index.examples.length - problems.length,
    total: index.examples.length,
    problems,
  };
}

/** Recomputes summary.json from the bundled transcripts with the settings it states. */
async function checkSummary(root: string): Promise<Check> {
  const recorded = JSON.parse(await readFile(join(root, 'summary.json'), 'utf8')) as Summary;
  const runJson = await readRunJson(join(root, 'run.json'));
  const m = recorded.methods;
  // The rows streamed into a tally, as `lastmile stats` reads a folder.
  const { summary } = await analyzeFolder(root, runJson, [], {
    groupBy: m.groupBy,
    normalizer: getNormalizer(m.normalizer.id.split('@')[0]),
    multipleTesting: m.test.multipleTesting,
    ...(m.test.rule === 'set by the user' && { permutations: m.test.permutations }),
    ...(typeof m.test.seed === 'number' && { seed: m.test.seed }),
    minSpeakers: m.insufficientData.minSpeakers,
    minRefWords: m.insufficientData.minRefWords,
    unit: m.interval.unit,
    // Thresholds given on the command line are restated; otherwise run.json's apply again.
    ...(m.thresholds.source.startsWith('command line') && {
      thresholds: {
        excessDegradation: m.thresholds.excessDegradationPoints,
        alpha: m.thresholds.alpha,
        failOn: m.thresholds.failOn,
      },
    }),
  });
  const differences = diff(
    { ...recorded, tool: null },
    { ...JSON.parse(JSON.stringify(summary)), tool: null },
  );
  return {
    name: 'statistics recomputed from the transcripts (summary.json)',
    matched: differences.length ? 0 : 1,
    total: 1,
    problems: differences.slice(0, 10).map((d) => `summary.json ${d}`),
  };
}

async function checkSlices(root: string): Promise<Check> {
  const path = join(root, 'slices.json');
  if (!existsSync(path))
    return {
      name: 'slices recomputed (slices.json)',
      matched: 0,
      total: 0,
      problems: [],
      skipped: 'the bundle has no slices.json',
    };
  const recorded = JSON.parse(await readFile(path, 'utf8')) as SlicesResult;
  const rows = (await readAllUtterances(join(root, 'utterances.jsonl'))).sort((a, b) =>
    a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0,
  );
  const s = recorded.settings;
  const again = findSlices(rows, {
    ...s,
    normalizer: getNormalizer(s.normalizer.split('@')[0]),
    attributes: recorded.attributes.map((a) => a.name),
  });
  const differences = diff(recorded, JSON.parse(JSON.stringify(again)));
  return {
    name: 'slices recomputed (slices.json)',
    matched: differences.length ? 0 : 1,
    total: 1,
    problems: differences.slice(0, 10).map((d) => `slices.json ${d}`),
  };
}

/** Paths where two JSON values differ, with both values. */
function diff(a: unknown, b: unknown, path = ''): string[] {
  if (Object.is(a, b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) =>
      diff(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        path ? `${path}.${k}` : k,
      ),
    );
  }
  return [
    `${path || '(root)'}: recorded ${JSON.stringify(a)?.slice(0, 60)}, recomputed ${JSON.stringify(b)?.slice(0, 60)}`,
  ];
}

export function reproduceText(r: ReproduceResult): string {
  const lines = [`Reproducing ${r.bundle}`];
  const same =
    r.tool.bundled.version === r.tool.here.version &&
    r.tool.bundled.lockfileSha256 === r.tool.here.lockfileSha256;
  lines.push(
    `  tool: bundled lastmile ${r.tool.bundled.version} (lockfile ${r.tool.bundled.lockfileSha256?.slice(0, 12) ?? 'unknown'}), here ${r.tool.here.version} (lockfile ${r.tool.here.lockfileSha256?.slice(0, 12) ?? 'unknown'})${same ? ': the same' : ': DIFFERENT — a mismatch below may come from that'}`,
  );
  for (const c of r.checks) {
    if (c.skipped) {
      lines.push(`  not checked  ${c.name}: ${c.skipped}`);
      continue;
    }
    lines.push(
      `  ${c.problems.length ? 'MISMATCH' : 'matched '}     ${c.name}: ${c.matched}/${c.total}`,
    );
    for (const p of c.problems.slice(0, 10)) lines.push(`                 ${p}`);
    if (c.problems.length > 10) lines.push(`                 … and ${c.problems.length - 10} more`);
  }
  lines.push(r.ok ? 'Everything checked matched.' : 'Some parts did not match (named above).');
  return `${lines.join('\n')}\n`;
}
