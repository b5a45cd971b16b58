import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  applyLinearPhaseWithPeak,
  designTableFir,
  parseResponseTable,
  type ResponseTable,
} from '../src/dsp/response-table.js';
import { UserError } from '../src/errors.js';
import { choice, num, path } from '../src/perturbation/params.js';
import { definePerturbation } from '../src/perturbation/types.js';

/**
 * Microphone and handset colouring from a magnitude-response table: frequency/gain points,
 * interpolated on log frequency, realised as a 1023-tap linear-phase FIR with its delay removed
 * (time-aligned, no phase distortion). Built-in presets live in fixtures/responses/<name>.csv;
 * `table` points at any CSV of the same form to add a device. The built-in shapes are
 * illustrative composites of published device-class responses, not measurements of one model.
 * `amount` scales every gain in dB (0.5 = half the colouring, 0 = flat).
 */
export const PRESETS = ['old-handset', 'laptop-mic', 'headset', 'speakerphone'] as const;

export const eq = definePerturbation({
  name: 'eq',
  summary: 'Microphone/handset response from a frequency-response table (preset or CSV)',
  details: `Presets: ${PRESETS.join(', ')} (fixtures/responses/*.csv). table: a CSV of frequency_hz,gain_db lines (# comments) — log-frequency interpolation, held flat beyond the ends. Linear-phase FIR, 1023 taps, delay compensated.`,
  params: {
    preset: choice({
      values: PRESETS,
      default: 'old-handset',
      description: 'Built-in device response (ignored when table is given)',
    }),
    table: path({
      optional: true,
      description: 'Your own response table: CSV of frequency_hz,gain_db',
    }),
    amount: num({
      unit: 'ratio',
      min: 0,
      max: 2,
      default: 1,
      description: 'Scale of the response in dB (1 = as tabulated)',
    }),
  },
  async apply(audio, { preset, table, amount }, { resolvePath }) {
    const file = table !== undefined ? resolvePath(table) : presetPath(preset);
    const fir = await firFor(file, amount, audio.sampleRate);
    const { samples, peak } = applyLinearPhaseWithPeak(audio.samples, fir);
    return { samples, sampleRate: audio.sampleRate, peak };
  },
});

export function presetPath(name: string): string {
  return fileURLToPath(new URL(`${responsesDir()}${name}.csv`, import.meta.url));
}

/** fixtures/ sits beside perturbations/ in the source tree and one level up from dist/. */
function responsesDir(): string {
  return import.meta.url.includes('/dist/')
    ? '../../fixtures/responses/'
    : '../fixtures/responses/';
}

const tables = new Map<string, Promise<ResponseTable>>();

/**
 * Designed FIRs by (table file, amount, rate): the design (an 8192-point inverse FFT and the
 * log-frequency interpolation) cost as much as filtering a 3-second clip, and a run applies
 * the same response to every clip. A few entries at most (amount may be drawn per clip, so
 * the oldest go first).
 */
const firs = new Map<string, Float64Array>();
const MAX_FIRS = 16;

async function firFor(file: string, amount: number, sampleRate: number): Promise<Float64Array> {
  const key = JSON.stringify([file, amount, sampleRate]);
  let fir = firs.get(key);
  if (!fir) {
    const response = await loadTable(file);
    const scaled: ResponseTable = response.map(([f, g]) => [f, g * amount]);
    fir = designTableFir(scaled, sampleRate);
    if (firs.size >= MAX_FIRS) firs.delete(firs.keys().next().value as string);
    firs.set(key, fir);
  }
  return fir;
}

function loadTable(file: string): Promise<ResponseTable> {
  let hit = tables.get(file);
  if (!hit) {
    hit = readFile(file, 'utf8').then(
      (text) => {
        try {
          return parseResponseTable(text, file);
        } catch (e) {
          throw new UserError((e as Error).message);
        }
      },
      () => {
        throw new UserError(`${file}: response table not found`);
      },
    );
    hit.catch(() => tables.delete(file));
    tables.set(file, hit);
  }
  return hit;
}
