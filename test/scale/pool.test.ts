import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudio } from '../../src/audio/read.js';
import { encodeWav16 } from '../../src/audio/write.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { corpusAccess } from '../../src/corpus/access.js';
import { loadCorpus } from '../../src/corpus/load.js';
import type { Clip } from '../../src/corpus/types.js';
import { perturbClip } from '../../src/perturbation/perturb-clip.js';
import { type PlannedCondition, planConditions } from '../../src/run/plan.js';
import { createDspPool, type DspPool } from '../../src/run/pool/pool.js';
import { loadScenario } from '../../src/scenario/load.js';
import { scoreUtterance } from '../../src/scoring/anatomy.js';
import { KeywordMatcher } from '../../src/scoring/keywords.js';
import { getNormalizer } from '../../src/scoring/normalize.js';
import { scoreText } from '../../src/scoring/wer.js';
import { lastmile } from '../helpers/cli.js';
import { BUNDLED, tempDir } from '../helpers/corpus.js';
import { hashEngine, hissScenario, scaleCorpus } from './fixtures.js';

// Real clips (the bundled corpus's FLAC speech) under scenarios with seeded noise, babble
// from other clips, reverb and a codec: the work the pool moves off the main thread.
const SCENARIOS = [
  'scenarios/noisy-room.yaml',
  'scenarios/canteen.yaml',
  'scenarios/voip-opus.yaml',
];

describe('the DSP pool: worker threads give the bytes the main thread gives, in any order', () => {
  let clips: Clip[];
  let every: Clip[];
  let conditions: PlannedCondition[];
  let pool: DspPool;

  beforeAll(async () => {
    const corpus = await loadCorpus(BUNDLED);
    every = [...corpus.clips];
    clips = every.filter((_, i) => i % 40 === 0);
    conditions = planConditions(await Promise.all(SCENARIOS.map((f) => loadScenario(f))));
    pool = createDspPool({ scenarioFiles: SCENARIOS, clips: corpus.clips }, 2);
  }, 60_000);
  afterAll(() => pool?.close());

  it('audio hash, parameters and notes equal perturbClip on this thread, tasks sent shuffled', async () => {
    // Babble mixes other clips of the corpus: the same corpus as the pool's.
    const access = corpusAccess(every);
    const jobs = clips.flatMap((clip) => conditions.map((c) => ({ clip, c })));
    // Reverse order, one condition per task, then all of a clip's conditions in one task.
    const one = await Promise.all(
      [...jobs].reverse().map(async ({ clip, c }) => ({
        key: `${clip.id}|${c.name}`,
        r: (await pool.perturb(clip.id, [c.name]))[0],
      })),
    );
    const all = await Promise.all(
      clips.map((clip) =>
        pool.perturb(
          clip.id,
          conditions.map((c) => c.name),
        ),
      ),
    );
    const byKey = new Map(one.map((o) => [o.key, o.r]));
    for (const [k, clip] of clips.entries()) {
      const clean = await readAudio(clip.audioPath);
      for (const [j, c] of conditions.entries()) {
        const here = c.scenario
          ? await perturbClip(c.scenario, c.condition, clip, clean, access)
          : { audio: clean, params: [], notes: {} };
        const sha = createHash('sha256').update(encodeWav16(here.audio).subarray(44)).digest('hex');
        for (const got of [byKey.get(`${clip.id}|${c.name}`)!, all[k][j]]) {
          expect(got.ok).toBe(true);
          if (!got.ok) continue;
          expect(got.audioSha256).toBe(sha);
          expect(createHash('sha256').update(got.wav.subarray(44)).digest('hex')).toBe(sha);
          // What an engine reads as float samples is the WAV's, on any thread.
          expect(encodeWav16(got.audio).equals(got.wav)).toBe(true);
          expect(got.params).toEqual(here.params);
          expect(got.notes).toEqual(here.notes);
        }
      }
    }
  }, 240_000);

  it('scores equal scoreText and scoreUtterance on this thread, keywords and hallucinations too', async () => {
    const pairs: [string, string][] = clips.map((c, i) => [
      c.text,
      c.text
        .split(' ')
        .filter((_, k) => (k + i) % 3 !== 0)
        .join(' ') + ' um twelve',
    ]);
    // A repetition loop, words heard in silence, and a dose kept and lost.
    pairs.push(['give him the tablet', 'give him the the the the tablet']);
    pairs.push(['', 'thank you']);
    pairs.push(['take five hundred milligrams now', 'take five hundred milligrams now']);
    pairs.push(['take five hundred milligrams now', 'take five and hundred milligrams now']);
    const keywords = {
      source: 'inline',
      terms: ['five hundred milligrams', ...clips.map((c) => c.text.split(' ')[1])],
    };
    const got = await pool.score('en-basic', keywords, pairs);
    const normalizer = getNormalizer('en-basic');
    const matcher = new KeywordMatcher(keywords, normalizer);
    expect(got.map((g) => g.score)).toEqual(pairs.map(([r, h]) => scoreText(normalizer, r, h)));
    expect(got.map((g) => g.kinds)).toEqual(
      pairs.map(
        ([r, h]) => scoreUtterance(normalizer.words(r), normalizer.words(h), matcher).kinds,
      ),
    );
    expect(got.reduce((n, g) => n + g.kinds.refKeywords, 0)).toBeGreaterThan(clips.length);
    expect(got.at(-1)!.kinds).toMatchObject({ refKeywords: 1, keywordErrors: 1 });
    expect(got.at(-2)!.kinds).toMatchObject({ refKeywords: 1, keywordErrors: 0 });
    const n = clips.length;
    expect(got[n].found).toEqual({ kind: 'loop', words: 'the ×4' });
    expect(got[n + 1].found).toEqual({ kind: 'no speech', words: 'thank you' });
    expect(got.filter((g) => g.found).length).toBe(2);
  });

  it('an unreadable clip comes back as such, not as an error of the pool', async () => {
    const dir = await tempDir('pool-bad');
    const broken = { id: 'broken', speaker: 'x', audioPath: join(dir, 'missing.wav') };
    const p = createDspPool({ scenarioFiles: SCENARIOS, clips: [broken] }, 1);
    try {
      const [r] = await p.perturb('broken', ['clean']);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.unreadable).toContain('missing.wav');
    } finally {
      await p.close();
    }
  });
});

describe('run --threads (compiled CLI, file: TEST ENGINE)', () => {
  it('rows and summary.json are the same with 2 worker threads as with none', async () => {
    const dir = await tempDir('threads');
    const manifest = await scaleCorpus(dir);
    const engine = await hashEngine(dir, manifest);
    const scenario = await hissScenario(dir);
    const base = ['run', scenario, '--corpus', manifest, '--engine', engine, '--no-cache'];
    const runs = ['0', '2'].map((t) => {
      const r = lastmile([...base, '--progress', 'none', '--threads', t, '--out', join(dir, t)]);
      expect(r.status).toBe(EXIT.ok);
      return r;
    });
    expect(runs[0].stdout).toBe(runs[1].stdout);
    const rows = (t: string) =>
      readFileSync(join(dir, t, 'utterances.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const { latencyMs: _, ...rest } = JSON.parse(l);
          return JSON.stringify(rest);
        })
        .sort();
    expect(rows('2')).toEqual(rows('0'));
    expect(rows('0').length).toBe(72);
    const summary = (t: string) => readFileSync(join(dir, t, 'summary.json'), 'utf8');
    expect(summary('2')).toBe(summary('0'));
  }, 120_000);
});
