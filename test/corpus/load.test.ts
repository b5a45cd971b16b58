import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeWav16 } from '../../src/audio/write.js';
import { loadCorpus } from '../../src/corpus/load.js';

const dir = mkdtempSync(join(tmpdir(), 'lastmile-corpus-'));
mkdirSync(join(dir, 'clips'));
const wav = encodeWav16({ samples: new Float32Array(1600).fill(0.1), sampleRate: 16000 });
for (const name of ['a', 'b', 'c']) writeFileSync(join(dir, 'clips', `${name}.wav`), wav);

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('corpus manifests', () => {
  it('reads NeMo JSONL with labels, accent first, paths relative to the manifest', async () => {
    const path = write(
      'm.jsonl',
      [
        {
          audio_filepath: 'clips/a.wav',
          text: 'hello there',
          duration: 0.1,
          gender: 'f',
          accent: 'scottish',
          speaker: 's1',
        },
        {
          id: 'custom',
          audio_filepath: 'clips/b.wav',
          text: 'bye',
          accent: 'welsh',
          speaker: 's2',
        },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const corpus = await loadCorpus(path);
    expect(corpus.format).toBe('jsonl');
    expect(corpus.clips).toEqual([
      {
        id: 'a',
        audioPath: join(dir, 'clips/a.wav'),
        text: 'hello there',
        speaker: 's1',
        labels: { accent: 'scottish', gender: 'f' },
        duration: 0.1,
      },
      {
        id: 'custom',
        audioPath: join(dir, 'clips/b.wav'),
        text: 'bye',
        speaker: 's2',
        labels: { accent: 'welsh' },
      },
    ]);
    expect(Object.keys(corpus.clips[0].labels)[0]).toBe('accent');
  });

  it('reads CSV with a header and quoted fields', async () => {
    const path = write(
      'm.csv',
      'path,text,speaker_id,accent\nclips/a.wav,"hello, world",s1,irish\nclips/c.wav,"she said ""hi""",s2,irish\n',
    );
    const corpus = await loadCorpus(path);
    expect(corpus.format).toBe('csv');
    expect(corpus.clips.map((c) => [c.id, c.text, c.speaker, c.labels.accent])).toEqual([
      ['a', 'hello, world', 's1', 'irish'],
      ['c', 'she said "hi"', 's2', 'irish'],
    ]);
  });

  it('reads a Common Voice TSV: clips/ folder, client_id as speaker, accents as accent', async () => {
    const path = write(
      'validated.tsv',
      'client_id\tpath\tsentence\tup_votes\tdown_votes\tage\tgender\taccents\tlocale\tsegment\n' +
        'abc123\ta.wav\tHe said "no" twice.\t2\t0\ttwenties\tfemale\tIndia and South Asia\ten\t\n' +
        'def456\tb.wav\tAnother sentence.\t2\t0\t\tmale\tCanadian English\ten\t\n',
    );
    const corpus = await loadCorpus(path);
    expect(corpus.format).toBe('commonvoice-tsv');
    expect(corpus.clips[0]).toMatchObject({
      id: 'a',
      speaker: 'abc123',
      text: 'He said "no" twice.',
      labels: { accent: 'India and South Asia', age: 'twenties', gender: 'female' },
    });
    expect(corpus.clips[1].audioPath).toBe(join(dir, 'clips', 'b.wav'));
  });

  it('names every bad row with its line and a summary; --skip-bad keeps the good ones', async () => {
    const path = write(
      'bad.jsonl',
      [
        { audio_filepath: 'clips/a.wav', text: 'fine', speaker: 's1', accent: 'x' },
        { audio_filepath: 'clips/missing.wav', text: 'gone', speaker: 's1', accent: 'x' },
        { audio_filepath: 'clips/b.wav', speaker: 's1', accent: 'x' },
        { audio_filepath: 'clips/a.wav', text: 'again', speaker: 's2', accent: 'x' },
        { audio_filepath: 'clips/c.wav', text: 'no accent', speaker: 's3' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    await expect(loadCorpus(path, { groupBy: 'accent' })).rejects.toThrow(
      [
        `${path}:2: audio file not found: clips/missing.wav`,
        `${path}:3: no reference text (expected text / sentence / transcript / reference / ref)`,
        `${path}:4: duplicate id "a" (first on line 1)`,
        `${path}:5: no "accent" label (the run groups by it)`,
        `${path}: 4 bad rows of 5; fix them or pass --skip-bad to continue with the 1 good rows`,
      ].join('\n'),
    );
    const corpus = await loadCorpus(path, { groupBy: 'accent', skipBad: true });
    expect(corpus.clips.map((c) => c.id)).toEqual(['a']);
    expect(corpus.skipped).toHaveLength(4);
  });

  it('says which line of a JSONL manifest is not JSON', async () => {
    const path = write(
      'broken.jsonl',
      '{"audio_filepath": "clips/a.wav", "text": "x"}\n{"audio_filepath": \n',
    );
    await expect(loadCorpus(path)).rejects.toThrow(new RegExp(`^${path}:2: not a JSON object`));
  });
});
