import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderConsoleTable } from '../../src/report/console-table.js';
import { getNormalizer } from '../../src/scoring/normalize.js';
import { computeSummary } from '../../src/stats/compute.js';
import { simulateCalibrationRows } from '../../src/stats/simulate.js';
import type { GroupResult, Summary } from '../../src/stats/summary-schema.js';

/**
 * The three verdicts, the honest closing line and the effects beside the excess, on
 * simulated data with known truth. Figures are recomputed here from the per-speaker counts
 * summary.json carries, not with the implementation's helpers.
 */
const none = getNormalizer('none');
const four = (extra = 0, speakers = 10) =>
  ['a', 'b', 'c', 'd'].map((name) => ({ name, speakers, extra: name === 'a' ? extra : 0 }));
const cellOf = (s: Summary, condition = 'c0') => s.cells.find((c) => c.condition === condition)!;
const groupOf = (s: Summary, g: string, condition = 'c0') =>
  cellOf(s, condition).groups.find((x) => x.group === g)!;

function byHand(groups: GroupResult[], name: string) {
  const sums = (gs: GroupResult[]) => {
    let d = 0;
    let w = 0;
    const per: { d: number; w: number }[] = [];
    for (const g of gs) {
      for (const p of g.perSpeaker) {
        const sd = p.condition.errors - p.baseline!.errors;
        d += sd;
        w += p.condition.refWords;
        per.push({ d: sd, w: p.condition.refWords });
      }
    }
    const r = d / w;
    const m = per.length;
    const v = ((m / (m - 1)) * per.reduce((t, x) => t + (x.d - r * x.w) ** 2, 0)) / (w * w);
    return { r, v };
  };
  const g = sums(groups.filter((x) => x.group === name));
  const rest = sums(groups.filter((x) => x.group !== name));
  return { excess: g.r - rest.r, se: Math.sqrt(g.v + rest.v) };
}

describe('the excess is each group against the rest', () => {
  const s = computeSummary(simulateCalibrationRows({ seed: 'def', groups: four(0.06) }), {
    normalizer: none,
    permutations: 200,
  });
  it('matches group − rest (and its delta-method SE) recomputed from per-speaker counts', () => {
    const cell = cellOf(s);
    for (const g of cell.groups) {
      const h = byHand(cell.groups, g.group);
      expect(g.excess!.value!).toBeCloseTo(h.excess, 12);
      expect(g.excess!.se!).toBeCloseTo(h.se, 12);
      // The pooled view includes the group itself: (1 − share) × excess.
      const share = g.condition.refWords / cell.pooled.condition.refWords;
      expect(g.excessVsPooled!.value!).toBeCloseTo((1 - share) * h.excess, 12);
    }
  });
  it('reports the clean-speech gap apart from the degradation, with an interval', () => {
    const a = groupOf(s, 'a');
    expect(a.cleanGap!.ci![0]).toBeLessThan(a.cleanGap!.ci![1]);
    expect(a.speakerMeanWer.condition).not.toBeNull();
    expect(a.relativeDegradation!.value!).toBeCloseTo(
      a.degradation!.value! / a.baselineWer!.value!,
      12,
    );
  });
});

describe('three verdicts', () => {
  it('finds a planted disparity, and calls the other groups within tolerance with enough data', () => {
    const rows = simulateCalibrationRows({ seed: 'planted', groups: four(0.2, 40) });
    const s = computeSummary(rows, { normalizer: none, seed: 2 });
    expect(groupOf(s, 'a').verdict).toBe('disproportionate');
    for (const g of ['b', 'c', 'd']) expect(groupOf(s, g).verdict).toBe('within tolerance');
    expect(s.outcome.status).toBe('disproportionate');
    expect(s.outcome.failed).toBe(true);
    expect(s.flagged.map((f) => f.group)).toEqual(['a']);
  });

  it('says inconclusive, with the minimum detectable excess, when 10 speakers cannot tell', () => {
    const rows = simulateCalibrationRows({ seed: 'small', groups: four(0.05) });
    const s = computeSummary(rows, { normalizer: none, seed: 3 });
    const a = groupOf(s, 'a');
    expect(a.verdict).toBe('inconclusive');
    expect(a.power!.mde!).toBeGreaterThan(0.05);
    expect(a.reason).toMatch(/could detect ≈ \d+\.\d points/);
    expect(s.outcome.status).toBe('inconclusive');
    expect(s.outcome.reason).not.toMatch(/no group disproportionate$/);
    const table = renderConsoleTable(s, { color: false });
    expect(table).toMatch(/inconclusive MDE \d+\.\d/);
    expect(table).toMatch(/INCONCLUSIVE: no group shown disproportionate, but/);
  });

  it('a run that tested nothing says so and never reads as a pass', () => {
    const empty = computeSummary([], { normalizer: none });
    expect(empty.outcome.status).toBe('nothing tested');
    const tiny = computeSummary(simulateCalibrationRows({ seed: 'tiny', groups: four(0, 3) }), {
      normalizer: none,
      permutations: 100,
    });
    expect(tiny.outcome.status).toBe('nothing tested');
    expect(tiny.verdicts.insufficientData).toBe(4);
    for (const s of [empty, tiny]) {
      expect(s.outcome.failed).toBe(false);
      expect(s.outcome.reason).toMatch(/^nothing tested/);
      expect(renderConsoleTable(s, { color: false })).toMatch(/NOTHING TESTED:/);
    }
  });
});

describe('sweeps and engines', () => {
  it('a trend test finds an excess that grows with severity', () => {
    const rows = simulateCalibrationRows({
      seed: 'trend',
      groups: four(0, 12),
      degradations: [0.02, 0.06, 0.1, 0.14],
    }).map((r) => {
      // Group a loses 0, 3, 6, 9 extra points of words as severity grows.
      const k = r.condition === 'clean' ? -1 : Number(r.condition.slice(1));
      const sweep = k >= 0 ? { sweep: { base: 'babble', values: { step: k } } } : {};
      if (r.labels?.['accent'] !== 'a' || k <= 0) return { ...r, ...sweep };
      const ref = r.reference.split(' ');
      const hyp = r.hypothesis!.split(' ').map((w, i) => (i % 33 < 3 * k ? 'x' : w));
      return { ...r, ...sweep, hypothesis: hyp.slice(0, ref.length).join(' ') };
    });
    const s = computeSummary(rows, { normalizer: none, seed: 4 });
    const curve = s.sweeps.find((c) => c.base === 'babble')!;
    const a = curve.groups.find((g) => g.group === 'a')!;
    expect(a.trend!.points).toBe(4);
    expect(a.trend!.slope.value!).toBeGreaterThan(0.01);
    expect(a.trend!.test.rejected).toBe(true);
    const b = curve.groups.find((g) => g.group === 'b')!;
    expect(b.trend!.test.rejected).toBe(false);
  });

  it('compares disparity between engines paired by clip', () => {
    const base = simulateCalibrationRows({ seed: 'eng', groups: four(0, 20) });
    // Engine "worse" transcribes group a's noisy clips with 15 % more words wrong.
    const worse = base.map((r) => {
      if (r.condition === 'clean' || r.labels?.['accent'] !== 'a') return { ...r, engine: 'worse' };
      const hyp = r.hypothesis!.split(' ').map((w, i) => (i % 20 < 3 ? 'x' : w));
      return { ...r, engine: 'worse', hypothesis: hyp.join(' ') };
    });
    const s = computeSummary([...base, ...worse], { normalizer: none, seed: 5 });
    const d = s.disparityDifferences.find((x) => x.group === 'a' && x.condition === 'c0')!;
    expect([d.engineA, d.engineB]).toEqual(['sim', 'worse']);
    expect(d.difference.ci![1]).toBeLessThan(0);
    expect(d.p!).toBeLessThan(0.01);
    expect(d.difference.value!).toBeCloseTo(d.excessA! - d.excessB!, 12);
  });
});

describe('methods', () => {
  it('states the sclite agreement truthfully for every normaliser', () => {
    const rows = simulateCalibrationRows({ seed: 'm', groups: four(0, 5) });
    const exact = computeSummary(rows, { normalizer: none, permutations: 50 }).methods;
    expect(exact.normalizer.caseSensitive).toBe(true);
    expect(exact.alignment.agreesWith).toMatch(/case-sensitive/);
    const basic = computeSummary(rows, { permutations: 50 }).methods;
    expect(basic.normalizer.caseSensitive).toBe(false);
    expect(basic.alignment.agreesWith).toMatch(/with its defaults/);
  });
});

describe('CLI exit codes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-verdicts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });

  it('stats on a run that tested nothing exits with EXIT.nothingTested (6)', () => {
    const run = join(dir, 'empty');
    mkdirSync(run);
    writeFileSync(join(run, 'utterances.jsonl'), '');
    const r = cli('stats', run, '--no-write');
    expect(r.status).toBe(6);
    expect(r.stdout + r.stderr).toMatch(/nothing tested/i);
    expect(r.stdout + r.stderr).not.toMatch(/no group disproportionate/);
  });

  it('power prints the minimum detectable excess of a stated design', () => {
    const r = cli('power', '--speakers', '10', '--words', '50', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.table[0].speakers).toBe(10);
    expect(out.table[0].mde).toBeGreaterThan(0.05);
    expect(out.speakersNeeded).toBeGreaterThan(10);
  });
});
