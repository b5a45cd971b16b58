import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { perturbationNames } from '../../perturbations/index.js';
import { readAudio } from '../../src/audio/read.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { lastmile } from '../helpers/cli.js';
import { CORPUS_MANIFEST, corpusRows } from '../helpers/speech.js';

const dir = mkdtempSync(join(tmpdir(), 'lastmile-cli-'));

describe('lastmile CLI (compiled)', () => {
  it('validate: exit 0 on the built-in scenarios', () => {
    const r = lastmile([
      'validate',
      'scenarios/hospital-ward.yaml',
      'scenarios/phone-line.yaml',
      'scenarios/noisy-room.yaml',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('scenarios/noisy-room.yaml: ok — noisy-room, 3 conditions + clean');
  });

  it('validate: exit 5 (badInput) with located, helpful errors and no stack trace on a broken file', () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      'name: broken\nconditions:\n  - name: ward\n    chain:\n      - hum: { fundamental: 60Hz, levle: -30dBFS }\n',
    );
    const r = lastmile(['validate', file]);
    expect(r.status).toBe(5);
    expect(r.stderr).toContain(
      `${file}:5:35 conditions[0].chain[0].hum.levle: unknown parameter "levle" of hum (did you mean "level"?)`,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('list: every kind with parameters, units and defaults', () => {
    const r = lastmile(['list']);
    expect(r.status).toBe(0);
    for (const name of perturbationNames()) expect(r.stdout).toContain(`${name} — `);
    expect(r.stdout).toMatch(/fundamental\s+number Hz 1…4000\s+= 60 Hz/);
  });

  it('an unknown command suggests the nearest one', () => {
    const r = lastmile(['valdate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command "valdate" (did you mean "validate"?)');
  });

  it('perturb: one folder per condition, each WAV as long as the clean clip', async () => {
    const out = join(dir, 'perturbed');
    const r = lastmile([
      'perturb',
      'scenarios/noisy-room.yaml',
      '--corpus',
      CORPUS_MANIFEST,
      '--out',
      out,
      '--limit',
      '2',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'clean',
      'manifest.jsonl',
      'pink@snr=15',
      'pink@snr=25',
      'pink@snr=35',
    ]);
    // --limit spreads over the accent groups, as in `run`: the first clip of each of the first
    // two groups in manifest order.
    const firstOfGroup = new Map<string, string>();
    for (const row of corpusRows() as { id: string; accent: string }[])
      if (!firstOfGroup.has(row.accent)) firstOfGroup.set(row.accent, row.id);
    const ids = [...firstOfGroup.values()].slice(0, 2);
    for (const condition of readdirSync(out).filter((f) => f !== 'manifest.jsonl')) {
      expect(readdirSync(join(out, condition)).sort()).toEqual(ids.map((id) => `${id}.wav`).sort());
    }
    const clean = await readAudio(join(out, 'clean', `${ids[0]}.wav`));
    const noisy = await readAudio(join(out, 'pink@snr=15', `${ids[0]}.wav`));
    expect(noisy.samples.length).toBe(clean.samples.length);
  });

  it('perturb: manifest.jsonl lists every WAV with its drawn parameters and loads as a corpus', async () => {
    const out = join(dir, 'perturbed');
    const rows = readFileSync(join(out, 'manifest.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      expect(existsSync(join(out, row.audio_filepath))).toBe(true);
      expect(row.audio_filepath).toBe(`${row.condition}/${row.clip_id}.wav`);
    }
    const swept = rows.find((r) => r.condition === 'pink@snr=15');
    expect(swept.params).toEqual([expect.objectContaining({ color: 'pink', snr: 15 })]);
    const corpus = await loadCorpus(join(out, 'manifest.jsonl'), { groupBy: 'accent' });
    expect(corpus.clips).toHaveLength(8);
    expect(new Set(corpus.clips.map((c) => c.labels.condition)).size).toBe(4);
  });

  it('perturb: clipping is one warning per condition, not one per file', () => {
    const file = join(dir, 'loud.yaml');
    writeFileSync(
      file,
      'name: loud\nconditions:\n  - name: loud\n    chain:\n      - gain: { db: 30 }\n',
    );
    const out = join(dir, 'loud');
    const r = lastmile([
      'perturb',
      file,
      '--corpus',
      CORPUS_MANIFEST,
      '--out',
      out,
      '--limit',
      '3',
    ]);
    expect(r.status).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /3 of 3 clips passed full scale in condition loud .*first: .*loud\/.*\.wav/,
    );
    expect(r.stdout).toContain('3 clipped');
  });

  it('perturb: a missing manifest is one clear line', () => {
    const r = lastmile([
      'perturb',
      'scenarios/noisy-room.yaml',
      '--corpus',
      join(dir, 'none.jsonl'),
    ]);
    expect(r.status).toBe(5);
    expect(r.stderr).toBe(`lastmile: ${join(dir, 'none.jsonl')}: manifest not found\n`);
  });
});
