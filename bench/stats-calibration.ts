/**
 * Calibration of the verdict's statistics by simulation on realistic nulls (issue 10): for
 * each design, ≥ 400 simulated datasets through computeSummary, the same entry point a run
 * uses. Prints a Markdown table:
 *
 * - size: share of null datasets where the tested group's unadjusted one-sided p ≤ 0.05
 *   (target [0.025, 0.065]), beside the v1 test (raw excess against the pooled degradation,
 *   speaker labels permuted) on the same data;
 * - coverage of the 95 % interval of the excess (target ≥ 0.93);
 * - GLM size: the ratio-of-ratios model's one-sided p ≤ 0.05 (target ≤ 0.065);
 * - FWER of the max-T step-down over 28 conditions × 4 groups (target ≤ 0.05);
 * - a power curve (excess 3, 5, 8, 12 points) and its 80 % point against the printed MDE.
 *
 *   npx tsx bench/stats-calibration.ts [datasets=400] [--only size|fwer|power]
 */
import { createRng } from '../src/rng.js';
import { getNormalizer } from '../src/scoring/normalize.js';
import { computeSummary } from '../src/stats/compute.js';
import { tUpper } from '../src/stats/distributions.js';
import { holmAdjust } from '../src/stats/holm.js';
import { type CalibrationGroup, simulateCalibrationRows } from '../src/stats/simulate.js';
import type { Summary } from '../src/stats/summary-schema.js';

const args = process.argv.slice(2);
const datasets = Number(args.find((a) => /^\d+$/.test(a)) ?? 400);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const none = getNormalizer('none');
const PERMUTATIONS = 999;

interface Design {
  readonly label: string;
  readonly groups: CalibrationGroup[];
}

function design(sizes: number[], tested: Partial<CalibrationGroup>): CalibrationGroup[] {
  return sizes.map((speakers, i) => ({
    name: String.fromCharCode(97 + i),
    speakers,
    ...(i === 0 ? tested : {}),
  }));
}

const SD = 0.04;
const DESIGNS: Design[] = [
  ...(
    [
      ['4 × 10', [10, 10, 10, 10]],
      ['10/30/30/30', [10, 30, 30, 30]],
    ] as const
  ).flatMap(([name, sizes]) => [
    { label: `${name}, equal spread`, groups: design([...sizes], {}) },
    { label: `${name}, tested group SD 2×`, groups: design([...sizes], { spread: 2 * SD }) },
    { label: `${name}, tested group SD 3×`, groups: design([...sizes], { spread: 3 * SD }) },
    { label: `${name}, tested group SD ½×`, groups: design([...sizes], { spread: SD / 2 }) },
    {
      label: `${name}, clean WER 0.40 vs 0.25`,
      groups: design([...sizes], { cleanWer: 0.4 }),
    },
  ]),
];

function groupA(s: Summary, condition = 'c0') {
  return s.cells.find((c) => c.condition === condition)!.groups.find((g) => g.group === 'a')!;
}

/** v1's test, for comparison: raw excess against the pooled degradation, labels permuted. */
function v1PValue(s: Summary, seed: number): number {
  const cell = s.cells.find((c) => c.condition === 'c0')!;
  const units = cell.groups.flatMap((g, k) =>
    g.perSpeaker.map((p) => ({
      k,
      d: p.condition.errors - p.baseline!.errors,
      w: p.condition.refWords,
    })),
  );
  const labels = Int32Array.from(units, (u) => u.k);
  const total = units.reduce((t, u) => ({ d: t.d + u.d, w: t.w + u.w }), { d: 0, w: 0 });
  const excessOfA = (lab: Int32Array) => {
    let d = 0;
    let w = 0;
    for (let i = 0; i < units.length; i++) {
      if (lab[i] === 0) {
        d += units[i].d;
        w += units[i].w;
      }
    }
    return d / w - total.d / total.w;
  };
  const observed = excessOfA(labels);
  const rng = createRng('bench/v1', seed);
  let exceed = 0;
  for (let r = 0; r < PERMUTATIONS; r++) {
    for (let i = labels.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [labels[i], labels[j]] = [labels[j], labels[i]];
    }
    if (excessOfA(labels) >= observed - 1e-12) exceed++;
  }
  return (1 + exceed) / (1 + PERMUTATIONS);
}

const se = (p: number, n: number) => Math.sqrt((p * (1 - p)) / n);
const f3 = (x: number) => x.toFixed(3);

function sizeTable(): void {
  console.log(
    `\n### Size and coverage on nulls (${datasets} datasets a row, ${PERMUTATIONS} permutations, nominal one-sided α = 0.05)\n`,
  );
  console.log(
    '| design (40–70 words a speaker) | size, studentized permutation (used) | size, Welch t alone | size, v1 raw permutation | coverage of 95 % CI | GLM size (CR3, t(G−1)) | FWER, 4 groups max-T |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const d of DESIGNS) {
    let size = 0;
    let welch = 0;
    let v1 = 0;
    let covered = 0;
    let glm = 0;
    let glmN = 0;
    let fwer = 0;
    const t0 = performance.now();
    for (let i = 0; i < datasets; i++) {
      const rows = simulateCalibrationRows({ seed: `${d.label}/${i}`, groups: d.groups });
      const s = computeSummary(rows, {
        normalizer: none,
        permutations: PERMUTATIONS,
        seed: i,
        excessDegradationPoints: 0,
      });
      const a = groupA(s);
      if (a.test!.p <= 0.05) size++;
      if (tUpper(a.test!.statistic, a.test!.df) <= 0.05) welch++;
      if (v1PValue(s, i) <= 0.05) v1++;
      const ci = a.excess!.ci!;
      if (ci[0] <= 0 && 0 <= ci[1]) covered++;
      if (a.model?.p != null) {
        glmN++;
        if (a.model.p <= 0.05) glm++;
      }
      if (s.cells[1].groups.some((g) => g.test?.rejected)) fwer++;
    }
    const n = datasets;
    console.log(
      `| ${d.label} | ${f3(size / n)} | ${f3(welch / n)} | ${f3(v1 / n)} | ${f3(covered / n)} | ${f3(glm / Math.max(1, glmN))} | ${f3(fwer / n)} |`,
    );
    process.stderr.write(`${d.label}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  console.log(
    `\nMonte Carlo SE at 0.05: ±${f3(se(0.05, datasets))}; at 0.95: ±${f3(se(0.95, datasets))}.`,
  );
}

function fwerTable(): void {
  const conditions = Array.from({ length: 28 }, (_, k) => 0.02 + (0.18 * k) / 27);
  console.log(
    `\n### Family-wise error over a 28-condition suite (4 × 10 speakers, 112 tests, ${datasets} null datasets)\n`,
  );
  console.log('| design | FWER max-T step-down | FWER Holm | any unadjusted p ≤ 0.05 |');
  console.log('|---|---|---|---|');
  for (const [label, spread] of [
    ['equal spread', SD],
    ['tested group SD 3×', 3 * SD],
  ] as const) {
    let maxT = 0;
    let holm = 0;
    let raw = 0;
    for (let i = 0; i < datasets; i++) {
      const rows = simulateCalibrationRows({
        seed: `suite/${label}/${i}`,
        groups: design([10, 10, 10, 10], { spread }),
        degradations: conditions,
      });
      const common = {
        normalizer: none,
        permutations: PERMUTATIONS,
        seed: i,
        excessDegradationPoints: 0,
      };
      const s = computeSummary(rows, common);
      const tests = s.cells.flatMap((c) => c.groups).flatMap((g) => (g.test ? [g.test] : []));
      if (tests.some((t) => t.rejected)) maxT++;
      if (tests.some((t) => t.p <= 0.05)) raw++;
      // Holm on the same unadjusted p-values (what --multiple-testing holm computes).
      if (holmAdjust(tests.map((t) => t.p)).some((p) => p <= 0.05)) holm++;
    }
    console.log(
      `| ${label} | ${f3(maxT / datasets)} | ${f3(holm / datasets)} | ${f3(raw / datasets)} |`,
    );
  }
}

function powerTable(): void {
  console.log(
    `\n### Power (4 × 10 speakers, one condition, 4 tests, ${datasets} datasets a point) against the printed MDE\n`,
  );
  console.log(
    '| planted excess (points) | flagged significant (adjusted) | median printed MDE (points) |',
  );
  console.log('|---|---|---|');
  const curve: { x: number; power: number; mde: number }[] = [];
  for (const excess of [0.03, 0.05, 0.08, 0.12]) {
    let hit = 0;
    const mdes: number[] = [];
    for (let i = 0; i < datasets; i++) {
      const rows = simulateCalibrationRows({
        seed: `power/${excess}/${i}`,
        groups: design([10, 10, 10, 10], { extra: excess }),
      });
      const s = computeSummary(rows, { normalizer: none, seed: i });
      const a = groupA(s);
      if (a.test!.rejected) hit++;
      if (a.power?.mde != null) mdes.push(a.power.mde);
    }
    mdes.sort((x, y) => x - y);
    const mde = mdes[Math.floor(mdes.length / 2)];
    curve.push({ x: excess, power: hit / datasets, mde });
    console.log(
      `| ${(100 * excess).toFixed(0)} | ${f3(hit / datasets)} | ${(100 * mde).toFixed(1)} |`,
    );
  }
  const at80 = interpolate(curve);
  const printed = curve[curve.length - 1].mde;
  const text =
    at80 === null
      ? '80 % power is not reached inside the curve'
      : `80 % power reached at ${(100 * at80).toFixed(1)} points (linear between the bracketing points); printed MDE ${(100 * printed).toFixed(1)} points (at 12 points planted): ratio ${(printed / at80).toFixed(2)}`;
  console.log(`\n${text}.`);
}

function interpolate(curve: { x: number; power: number }[]): number | null {
  for (let i = 1; i < curve.length; i++) {
    const [a, b] = [curve[i - 1], curve[i]];
    if (a.power < 0.8 && b.power >= 0.8) {
      return a.x + ((0.8 - a.power) / (b.power - a.power)) * (b.x - a.x);
    }
  }
  return null;
}

const t0 = performance.now();
if (!only || only === 'size') sizeTable();
if (!only || only === 'fwer') fwerTable();
if (!only || only === 'power') powerTable();
console.log(`\n(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
