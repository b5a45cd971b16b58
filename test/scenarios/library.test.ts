import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WaveFile } from 'wavefile';
import { parse } from 'yaml';
import { findPerturbation } from '../../perturbations/index.js';
import { lastmile } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';

const FILES = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** Samples of a 16-bit mono WAV as numbers in [-1, 1), read by wavefile (not lastmile's reader). */
function samples(path: string): Float64Array {
  const wav = new WaveFile(readFileSync(path));
  return Float64Array.from(
    wav.getSamples(false, Float64Array) as unknown as Float64Array,
    (v) => v / 32768,
  );
}

describe('the built-in scenario library', () => {
  it('has at least twelve scenarios, and the nightly suite runs every one', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(12);
    const nightly = parse(readFileSync('suites/nightly.yaml', 'utf8')) as { scenarios: string[] };
    const listed = nightly.scenarios.map((s) => s.replace(/^.*\//, '')).sort();
    expect(listed).toEqual(FILES);
  });

  it('states its physical reasoning: every scenario cites levels or frequencies, every condition says what it is', () => {
    for (const file of FILES) {
      const doc = parse(readFileSync(join('scenarios', file), 'utf8')) as {
        description?: string;
        conditions: { name: string; description?: string }[];
      };
      expect(doc.description, file).toMatch(/\d\s*(dB|dBA|Hz|kHz|s|kbit\/s|m)\b/);
      for (const c of doc.conditions) expect(c.description, `${file} ${c.name}`).toBeTruthy();
    }
  });

  it.each(FILES)(
    '%s renders every condition on a corpus clip: same length (longer only for a kind that inserts time), finite, below full scale, audibly changed',
    async (file) => {
      const out = await tempDir('library');
      const r = lastmile(['perturb', join('scenarios', file), '--limit', '1', '--out', out]);
      expect(r.status, r.stderr).toBe(0);
      const conditions = readdirSync(out, { withFileTypes: true })
        .filter((d) => d.isDirectory() && d.name !== 'clean')
        .map((d) => d.name);
      expect(conditions.length).toBeGreaterThan(0);
      const [clip] = readdirSync(join(out, 'clean'));
      const clean = samples(join(out, 'clean', clip));
      const doc = parse(readFileSync(join('scenarios', file), 'utf8')) as {
        conditions: { name: string; chain: Record<string, unknown>[] }[];
      };
      const lengthens = new Set(
        doc.conditions
          .filter((c) => c.chain.some((s) => findPerturbation(Object.keys(s)[0])?.changesLength))
          .map((c) => c.name),
      );
      for (const c of conditions) {
        const x = samples(join(out, c, clip));
        if (lengthens.has(c)) expect(x.length, c).toBeGreaterThan(clean.length);
        else expect(x.length, c).toBe(clean.length);
        let diff = 0;
        let energy = 0;
        let peak = 0;
        for (let i = 0; i < clean.length; i++) {
          expect(Number.isFinite(x[i])).toBe(true);
          diff += (x[i] - clean[i]) ** 2;
          energy += clean[i] ** 2;
          peak = Math.max(peak, Math.abs(x[i]));
        }
        // Changed by more than requantisation (-60 dB relative), never hard against full scale.
        expect(10 * Math.log10(diff / energy), c).toBeGreaterThan(-60);
        expect(peak, c).toBeLessThan(0.999);
      }
    },
  );
});

describe('scenarios/README.md', () => {
  it('has a row for every scenario file, and none for a file that is gone', () => {
    const rows = [
      ...readFileSync('scenarios/README.md', 'utf8').matchAll(/^\| `([^`]+\.yaml)` \|/gm),
    ]
      .map((m) => m[1])
      .sort();
    const files = readdirSync('scenarios')
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    expect(rows).toEqual(files);
  });
});
