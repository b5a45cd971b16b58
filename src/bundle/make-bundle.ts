import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { create } from 'tar';
import { encodeWav16 } from '../audio/write.js';
import { loadCorpus } from '../corpus/load.js';
import type { Corpus } from '../corpus/types.js';
import { UserError } from '../errors.js';
import { runFolder } from '../results/folder.js';
import type { UtteranceRow } from '../results/row.js';
import { type RunJson, readRunJson } from '../results/run-json.js';
import { readAllUtterances } from '../results/utterances.js';
import { getNormalizer } from '../scoring/normalize.js';
import { scoreText } from '../scoring/wer.js';
import type { Summary } from '../stats/summary-schema.js';
import { groupLabel } from '../text/group-label.js';
import { pcmSha256, sha256, sha256File } from './hash.js';
import { BUNDLE_ROOT, type BundleIndex } from './index-file.js';
import { audioRebuilder } from './regenerate.js';
import { scenarioFiles } from './scenario-files.js';
import { leaksOf, localRoots, type Root, refuseLeaks, scrubText } from './scrub.js';
import { toolIdentity } from './tool.js';

/** Files of a run folder a bundle carries when they are there. */
const RUN_FILES = ['summary.json', 'slices.json', 'report.md', 'report.html', 'junit.xml'] as const;

export interface BundleOptions {
  /** Perturbed examples to include (the worst units of flagged cells, else of all). */
  readonly examples?: number;
}

/**
 * Packs a run into one archive someone else can check without trusting the sender (see
 * docs/outside-testers.md): inputs, records, statistics, reports, the perturbed audio of the
 * examples it cites, and bundle.json with the hash of every part. Returns what was written.
 */
export async function makeBundle(
  resultsDir: string,
  out: string,
  options: BundleOptions = {},
): Promise<{ file: string; index: BundleIndex }> {
  const run = await loadRun(resultsDir);
  const files = await collectFiles(run);
  const examples = await citedExamples(run, options.examples ?? 6, files);
  refuseLeaks(
    [...files].flatMap(([name, data]) =>
      name.endsWith('.wav') ? [] : leaksOf(name, data.toString('utf8')),
    ),
  );
  const index = await indexOf(run, files, examples);
  const indexText = scrubText(`${JSON.stringify(index, null, 2)}\n`, run.roots);
  refuseLeaks(leaksOf('bundle.json', indexText));
  files.set('bundle.json', Buffer.from(indexText));
  const staging = await mkdtemp(join(tmpdir(), 'lastmile-bundle-'));
  try {
    for (const [name, data] of files) {
      await mkdir(dirname(join(staging, BUNDLE_ROOT, name)), { recursive: true });
      await writeFile(join(staging, BUNDLE_ROOT, name), data);
    }
    const file = resolve(out);
    await create({ gzip: true, file, cwd: staging, portable: true }, [BUNDLE_ROOT]);
    return { file, index };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

interface LoadedRun {
  readonly dir: string;
  readonly runJson: RunJson;
  readonly manifest: string;
  readonly corpus: Corpus;
  readonly rows: readonly UtteranceRow[];
  readonly summary: Summary;
  readonly scenarioFiles: readonly string[];
  readonly roots: readonly Root[];
  /** Where each input sits inside the bundle. */
  readonly inBundle: {
    readonly manifest: string;
    readonly scenario: (file: string) => string;
    readonly suite?: string;
  };
}

async function loadRun(resultsDir: string): Promise<LoadedRun> {
  const dir = resolve(resultsDir);
  const folder = runFolder(dir);
  const runJson = await readRunJson(folder.runJson);
  if (!runJson)
    throw new UserError(
      `${folder.runJson}: not found; a bundle is made from a run folder written by \`lastmile run\``,
    );
  if (!existsSync(folder.summary))
    throw new UserError(`${folder.summary}: not found; run \`lastmile stats ${resultsDir}\` first`);
  const manifest = runJson.corpus.manifest;
  if (!existsSync(manifest))
    throw new UserError(
      `${manifest}: the run's corpus manifest is not there; a bundle needs the clips to hash them`,
    );
  const scenarioFiles = runJson.scenarios.map((s) => s.file);
  const roots = localRoots([
    { path: dir, name: 'results' },
    { path: dirname(manifest), name: 'corpus' },
    ...scenarioFiles.map((f) => ({ path: dirname(f), name: 'scenarios' })),
    ...(runJson.suite ? [{ path: dirname(runJson.suite.file), name: 'suite' }] : []),
    ...runJson.engines.flatMap((e) => {
      const m = /^file:(.+)$/.exec(e.id);
      return m ? [{ path: dirname(resolve(m[1])), name: 'engine' }] : [];
    }),
  ]);
  return {
    dir,
    runJson,
    manifest,
    corpus: await loadCorpus(manifest, { skipBad: true }),
    rows: await readAllUtterances(folder.utterances),
    summary: JSON.parse(await readFile(folder.summary, 'utf8')) as Summary,
    scenarioFiles,
    roots,
    inBundle: {
      manifest: `corpus/${basename(manifest)}`,
      scenario: (f) => `scenarios/${basename(f)}`,
      ...(runJson.suite && { suite: `suite/${basename(runJson.suite.file)}` }),
    },
  };
}

/** The bundle's text files, scrubbed of local folders; run.json points at the bundled inputs. */
async function collectFiles(run: LoadedRun): Promise<Map<string, Buffer>> {
  const { runJson, inBundle } = run;
  const files = new Map<string, Buffer>();
  const text = (path: string, content: string) =>
    files.set(path, Buffer.from(scrubText(content, run.roots)));
  const { cache: _cache, command: _command, ...kept } = runJson;
  const bundledRun = {
    ...kept,
    cache: { enabled: runJson.cache.enabled },
    corpus: { ...runJson.corpus, manifest: inBundle.manifest },
    scenarios: runJson.scenarios.map((s) => ({ ...s, file: inBundle.scenario(s.file) })),
    ...(runJson.suite && inBundle.suite && { suite: { ...runJson.suite, file: inBundle.suite } }),
  };
  text('run.json', `${JSON.stringify(bundledRun, null, 2)}\n`);
  text('utterances.jsonl', await readFile(runFolder(run.dir).utterances, 'utf8'));
  for (const name of RUN_FILES) {
    const p = join(run.dir, name);
    if (existsSync(p)) text(name, await readFile(p, 'utf8'));
  }
  text(inBundle.manifest, await readFile(run.manifest, 'utf8'));
  for (const f of run.scenarioFiles) {
    text(inBundle.scenario(f), await readFile(f, 'utf8'));
    // Beds and impulse responses as they are: audio, not text to scrub.
    for (const [path, local] of await scenarioFiles(f, inBundle.scenario(f)))
      files.set(path, await readFile(local));
  }
  if (runJson.suite && inBundle.suite && existsSync(runJson.suite.file))
    text(inBundle.suite, await readFile(runJson.suite.file, 'utf8'));
  return files;
}

async function indexOf(
  run: LoadedRun,
  files: ReadonlyMap<string, Buffer>,
  examples: BundleIndex['examples'],
): Promise<BundleIndex> {
  const { runJson, summary, roots } = run;
  const clips = await Promise.all(
    run.corpus.clips.map(async (c) => ({
      id: c.id,
      speaker: c.speaker,
      audio: relative(dirname(run.manifest), c.audioPath),
      sha256: await sha256File(c.audioPath),
    })),
  );
  const rowLines = files
    .get('utterances.jsonl')!
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim());
  return {
    schemaVersion: 1,
    createdAt: new Date().toISOString(),
    tool: toolIdentity(),
    run: {
      fingerprint: runJson.fingerprint,
      status: runJson.status,
      seeds: runJson.scenarios.map((s) => ({
        scenario: s.name,
        file: run.inBundle.scenario(s.file),
        seed: s.seed,
      })),
      engines: runJson.engines.map((e) => ({
        id: scrubText(e.id, roots),
        version: scrubText(e.version, roots),
        ...(e.identity !== undefined && { identity: e.identity }),
      })),
      normalizer: summary.methods.normalizer.id,
      groupBy: summary.methods.groupBy,
    },
    corpus: {
      manifest: run.inBundle.manifest,
      format: run.corpus.format,
      sha256: runJson.corpus.sha256,
      clips,
    },
    files: [...files]
      .map(([path, data]) => ({ path, sha256: sha256(data), bytes: data.length }))
      .sort((a, b) => (a.path < b.path ? -1 : 1)),
    rows: rowLines.map((line) => ({
      unit: (JSON.parse(line) as UtteranceRow).unit,
      sha256: sha256(line),
    })),
    examples,
  };
}

/**
 * The units a bundle cites, with their perturbed audio: the largest paired error increases in
 * flagged cells (else anywhere), rebuilt from corpus and scenario and kept only when the hash
 * equals what the engine heard — a bundle never carries audio the run did not use.
 */
async function citedExamples(
  run: LoadedRun,
  count: number,
  files: Map<string, Buffer>,
): Promise<BundleIndex['examples']> {
  if (count <= 0) return [];
  const { rows, summary, corpus, scenarioFiles } = run;
  const normalizer = getNormalizer(summary.methods.normalizer.id.split('@')[0]);
  const clean = new Map(
    rows.filter((r) => r.condition === 'clean').map((r) => [`${r.engine}|${r.id}`, r]),
  );
  const flagged = new Set(summary.flagged.map((f) => `${f.engine}|${f.condition}|${f.group}`));
  const inFlagged = (r: UtteranceRow) =>
    flagged.has(`${r.engine}|${r.condition}|${groupLabel(r.labels, summary.methods.groupBy)}`);
  const scored = rows
    .filter(
      (r) =>
        r.condition !== 'clean' &&
        r.hypothesis !== null &&
        r.audioSha256 &&
        (flagged.size === 0 || inFlagged(r)),
    )
    .flatMap((r) => {
      const c = clean.get(`${r.engine}|${r.id}`);
      if (!c || c.hypothesis === null) return [];
      const gain =
        scoreText(normalizer, r.reference, r.hypothesis!).errors -
        scoreText(normalizer, c.reference, c.hypothesis!).errors;
      return [{ r, gain }];
    })
    .sort((a, b) => b.gain - a.gain || (a.r.unit < b.r.unit ? -1 : 1))
    .slice(0, count);
  const rebuild = await audioRebuilder(corpus, scenarioFiles);
  const out: BundleIndex['examples'] = [];
  for (const [i, { r }] of scored.entries()) {
    const audio = await rebuild(r);
    const hash = pcmSha256(audio);
    if (hash !== r.audioSha256)
      throw new UserError(
        `the audio rebuilt for ${r.unit} differs from what the engine heard (the corpus or a scenario changed since the run); a bundle must match the run`,
      );
    const file = `audio/${String(i + 1).padStart(2, '0')}-${r.id.replace(/[^A-Za-z0-9._-]/g, '_')}-${r.condition.replace(/[^A-Za-z0-9._-]/g, '_')}.wav`;
    files.set(file, Buffer.from(encodeWav16(audio)));
    out.push({ unit: r.unit, clip: r.id, condition: r.condition, file, audioSha256: hash });
  }
  return out;
}
