import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitMultilevel } from '../../src/stats/multilevel.js';

// Reference: lme4 1.1-31 (Debian r-cran-lme4) on the same speakers —
// scripts/multilevel-reference-data.ts writes the data, scripts/multilevel-reference.R the fit.
const ref = JSON.parse(readFileSync('test/testers/reference/multilevel-lme4.json', 'utf8')) as {
  intercept: number;
  sigma: number;
  sd: { accent: number; gender: number; cell: number };
  reml: number;
  cells: { accent: string; gender: string; estimate: number }[];
};

function load() {
  const lines = readFileSync('test/testers/reference/multilevel-data.csv', 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const rows = lines.map((l) => {
    const [, y, w, accent, gender] = l.split(',');
    return { y: Number(y), w: Number(w), accent, gender };
  });
  const accents = [...new Set(rows.map((r) => r.accent))].sort();
  const genders = [...new Set(rows.map((r) => r.gender))].sort();
  return {
    accents,
    genders,
    input: {
      y: Float64Array.from(rows, (r) => r.y),
      w: Float64Array.from(rows, (r) => r.w),
      levels: [
        Int32Array.from(rows, (r) => accents.indexOf(r.accent)),
        Int32Array.from(rows, (r) => genders.indexOf(r.gender)),
      ],
      cell: Int32Array.from(
        rows,
        (r) => accents.indexOf(r.accent) * genders.length + genders.indexOf(r.gender),
      ),
    },
  };
}

describe('multilevel (MAIHDA) fit', () => {
  it('matches lme4::lmer with REML on the same speakers', () => {
    const { accents, genders, input } = load();
    const fit = fitMultilevel(input)!;
    expect(fit.intercept).toBeCloseTo(ref.intercept, 3);
    expect(fit.sigma).toBeCloseTo(ref.sigma, 2);
    expect(fit.sd[0]).toBeCloseTo(ref.sd.accent, 2);
    expect(fit.sd[1]).toBeCloseTo(ref.sd.gender, 2);
    expect(fit.sd[2]).toBeCloseTo(ref.sd.cell, 2);
    for (const c of ref.cells) {
      const j = accents.indexOf(c.accent) * genders.length + genders.indexOf(c.gender);
      expect(fit.cells[j].estimate).toBeCloseTo(c.estimate, 3);
    }
  });

  it('pulls a two-speaker cell towards its margins more than an eight-speaker cell', () => {
    const { input } = load();
    const fit = fitMultilevel(input)!;
    const raw = (j: number) => {
      let a = 0;
      let b = 0;
      input.cell.forEach((c, i) => {
        if (c === j) {
          a += input.y[i] * input.w[i];
          b += input.w[i];
        }
      });
      return a / b;
    };
    // Cell c × male holds two speakers, a × female eight (see the data script).
    const small = 2 * 2 + 1;
    const large = 0;
    const shrink = (j: number) =>
      Math.abs(fit.cells[j].estimate - raw(j)) / Math.abs(raw(j) - fit.intercept);
    expect(shrink(small)).toBeGreaterThan(shrink(large));
    expect(fit.cells[small].se).toBeGreaterThan(fit.cells[large].se);
  });
});
