import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../perturbations/eq.js';
import { parseResponseTable, tableGainDb } from '../../src/dsp/response-table.js';
import { bestLag } from '../../src/dsp/xcorr.js';
import { transferDb } from '../helpers/spectrum.js';
import { run, speech, tile } from './_speech.js';

async function probe() {
  const s = tile(await speech(0), 10);
  let seed = 3;
  const samples = s.samples.map((v) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return v + 0.003 * (seed / 2 ** 32 - 0.5);
  });
  return { samples, sampleRate: s.sampleRate };
}

describe('eq (response tables)', () => {
  it('the preset list is exactly fixtures/responses/*.csv', () => {
    const files = readdirSync('fixtures/responses')
      .filter((f) => f.endsWith('.csv'))
      .map((f) => f.replace(/\.csv$/, ''));
    expect([...PRESETS].sort()).toEqual(files.sort());
  });

  for (const preset of PRESETS) {
    it(`${preset}: measured response follows the table within 1 dB (200 Hz–6 kHz, where above −25 dB) and stays time-aligned`, async () => {
      const x = await probe();
      const table = parseResponseTable(
        readFileSync(`fixtures/responses/${preset}.csv`, 'utf8'),
        preset,
      );
      const { out } = await run('eq', x, { preset });
      for (const f of [250, 400, 700, 1000, 1500, 2000, 3000, 4000, 5000, 6000]) {
        const want = tableGainDb(table, f);
        if (want < -25) continue;
        expect(Math.abs(transferDb(x.samples, out.samples, 16000, f, 4096) - want)).toBeLessThan(1);
      }
      expect(bestLag(x.samples, out.samples, -100, 100).lag).toBe(0);
    });
  }

  it('a user table (CSV path) and amount scale the response', async () => {
    const x = await probe();
    const { out } = await run('eq', x, { table: 'fixtures/responses/headset.csv', amount: 0.5 });
    const table = parseResponseTable(readFileSync('fixtures/responses/headset.csv', 'utf8'), 'h');
    expect(transferDb(x.samples, out.samples, 16000, 5000, 4096)).toBeCloseTo(
      0.5 * tableGainDb(table, 5000),
      0,
    );
  });
});
