import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UtteranceRow } from '../../src/results/row.js';
import { getNormalizer } from '../../src/scoring/normalize.js';
import { readPairsFile } from '../../src/scoring/pairs-file.js';
import { scoreWords, type UtteranceScore } from '../../src/scoring/wer.js';
import { lastmile, spawnCli } from '../helpers/cli.js';
import { BUNDLED } from '../helpers/corpus.js';
import { type ScliteCounts, scliteAvailable, scliteCounts } from '../helpers/sclite.js';

/**
 * Agreement with NIST sclite on real run output: `lastmile run` transcribes part of the bundled
 * corpus (8 clips, two from each accent group) with the real pocketsphinx engine under a
 * built-in scenario (clean, then pink noise at 35, 25 and 15 dB SNR), and every row of the
 * resulting utterances.jsonl is scored by lastmile and by sclite from the same normalised
 * words. C/S/D/I must match utterance by utterance. The noise gives real recogniser errors of
 * every kind (substitutions, deletions and insertions); the run is deterministic, so the same
 * output is compared every time. About 35 s of decoder CPU: under 20 s on two idle cores.
 */
const CLIPS = 8;
const SCENARIO = resolve('scenarios/noisy-room.yaml');

describe.skipIf(!scliteAvailable)('agreement with NIST sclite on real pocketsphinx output', () => {
  let dir: string;
  let rows: UtteranceRow[];
  let ours: UtteranceScore[];
  let theirs: Map<number, ScliteCounts>;
  let cliScores: Map<string, Record<string, number>>;
  let ids: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lastmile-sclite-run-'));
    const out = join(dir, 'run');
    const run = await spawnCli([
      'run',
      SCENARIO,
      '--corpus',
      BUNDLED,
      '--engine',
      'pocketsphinx',
      '--limit',
      String(CLIPS),
      '--out',
      out,
      '--no-cache',
      '--progress',
      'none',
    ]).done;
    // 0: nothing flagged; 3: a group flagged; 6: too few clips for any verdict. All are
    // finished runs (this test is about the transcripts, not the verdicts).
    if (run.code !== 0 && run.code !== 3 && run.code !== 6)
      throw new Error(`lastmile run exited with ${run.code}:\n${run.stderr}`);
    const file = join(out, 'utterances.jsonl');
    rows = (await readFile(file, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as UtteranceRow);
    // lastmile's own reading of the file (unit as the id), its normaliser and its aligner…
    const pairs = await readPairsFile(file);
    const norm = getNormalizer('en-basic');
    const words = pairs.map((p) => ({ ref: norm.words(p.ref), hyp: norm.words(p.hyp ?? '') }));
    ids = pairs.map((p) => p.id);
    ours = words.map((w) => scoreWords(w.ref, w.hyp));
    // …sclite on exactly the same words…
    theirs = scliteCounts(dir, words);
    // …and `lastmile score` over the same file, the path a user takes.
    const scored = lastmile(['score', file, '--format', 'jsonl']);
    if (scored.status !== 0) throw new Error(`lastmile score failed:\n${scored.stderr}`);
    cliScores = new Map(
      scored.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, number> & { id: string })
        .map((s) => [s.id, s]),
    );
  }, 110_000);

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('real pocketsphinx output: every unit of the run is transcribed and scored by both', () => {
    const clips = new Set(rows.map((r) => r.id)).size;
    expect(clips).toBe(CLIPS);
    expect(new Set(rows.map((r) => r.condition))).toEqual(
      new Set(['clean', 'pink@snr=35', 'pink@snr=25', 'pink@snr=15']),
    );
    expect(rows).toHaveLength(CLIPS * 4);
    for (const row of rows) {
      expect(row.error).toBeUndefined();
      expect(row.engine).toBe('pocketsphinx');
      expect(row.hypothesis).toEqual(expect.any(String));
    }
    expect(theirs.size).toBe(rows.length);
    expect(cliScores.size).toBe(rows.length);
  });

  it('real pocketsphinx output: hits/subs/dels/ins equal sclite utterance by utterance', () => {
    const mismatches: string[] = [];
    const totals = { C: 0, S: 0, D: 0, I: 0 };
    ours.forEach((s, k) => {
      const t = theirs.get(k)!;
      const a = [s.hits, s.substitutions, s.deletions, s.insertions].join(' ');
      const b = [t.C, t.S, t.D, t.I].join(' ');
      if (a !== b) mismatches.push(`${ids[k]}: lastmile ${a}, sclite ${b}`);
      totals.C += t.C;
      totals.S += t.S;
      totals.D += t.D;
      totals.I += t.I;
    });
    process.stdout.write(
      `\nsclite vs lastmile on ${ours.length} real pocketsphinx utterances: ${mismatches.length} mismatches; sclite totals C ${totals.C} S ${totals.S} D ${totals.D} I ${totals.I}\n`,
    );
    expect(mismatches).toEqual([]);
    // Real recogniser errors of every kind, so the comparison is not vacuous.
    expect(totals.S).toBeGreaterThan(0);
    expect(totals.D).toBeGreaterThan(0);
    expect(totals.I).toBeGreaterThan(0);
    expect(ours.filter((s) => s.errors > 0).length).toBeGreaterThan(ours.length / 4);
  });

  it('real pocketsphinx output: `lastmile score` on utterances.jsonl gives the same counts', () => {
    const mismatches: string[] = [];
    ours.forEach((s, k) => {
      const c = cliScores.get(ids[k])!;
      const t = theirs.get(k)!;
      const a = [c.hits, c.substitutions, c.deletions, c.insertions].join(' ');
      const b = [t.C, t.S, t.D, t.I].join(' ');
      if (a !== b) mismatches.push(`${ids[k]}: lastmile score ${a}, sclite ${b}`);
      expect(c.ref_words).toBe(s.refWords);
    });
    expect(mismatches).toEqual([]);
  });
});
