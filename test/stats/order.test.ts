import { describe, expect, it } from 'vitest';
import { computeSummary } from '../../src/stats/compute.js';
import { simulateRows } from '../../src/stats/simulate.js';

// Rows reach utterances.jsonl in completion order, which varies from run to run; the table
// and summary.json must not.
describe('cell order', () => {
  const rows = simulateRows({
    seed: 'order',
    groups: [
      { name: 'a', speakers: 5 },
      { name: 'b', speakers: 5 },
    ],
    utterancesPerSpeaker: 2,
    conditions: ['z-last-planned', 'm-first-planned', 'b-unplanned'],
  });
  const shuffled = [...rows].reverse();
  const names = (r: typeof rows, order?: string[]) =>
    computeSummary(r, { permutations: 20, conditionOrder: order }).cells.map((c) => c.condition);

  it('puts clean first, then the planned order, then unplanned conditions by name', () => {
    const planned = ['clean', 'm-first-planned', 'z-last-planned'];
    const expected = ['clean', 'm-first-planned', 'z-last-planned', 'b-unplanned'];
    expect(names(rows, planned)).toEqual(expected);
    expect(names(shuffled, planned)).toEqual(expected);
  });

  it('without a plan, orders by name whatever order rows came in', () => {
    expect(names(shuffled)).toEqual(names(rows));
    expect(names(rows)).toEqual(['clean', 'b-unplanned', 'm-first-planned', 'z-last-planned']);
  });
});
