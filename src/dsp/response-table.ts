import FFT from 'fft.js';
import { fftConvolveWithPeak } from './fft-convolve.js';

/** A magnitude response as (frequency Hz, gain dB) points, ascending in frequency. */
export type ResponseTable = readonly (readonly [number, number])[];

/**
 * Parses a response table: one `frequency_hz,gain_db` pair per line (comma, semicolon, tab or
 * spaces); `#` starts a comment; a header line of words is skipped. Throws a sentence naming
 * the line on anything else.
 */
export function parseResponseTable(text: string, source: string): ResponseTable {
  const rows: [number, number][] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const cells = line.split(/[,;\t ]+/);
    const f = Number(cells[0]);
    const g = Number(cells[1]);
    if (cells.length < 2 || !Number.isFinite(f) || !Number.isFinite(g)) {
      if (rows.length === 0 && /[a-z]/i.test(line)) return; // header
      throw new Error(`${source}:${i + 1}: expected "frequency_hz,gain_db", got "${raw.trim()}"`);
    }
    if (f <= 0) throw new Error(`${source}:${i + 1}: frequency must be positive, got ${f}`);
    if (rows.length && f <= rows[rows.length - 1][0]) {
      throw new Error(
        `${source}:${i + 1}: frequencies must ascend (${f} after ${rows[rows.length - 1][0]})`,
      );
    }
    rows.push([f, g]);
  });
  if (rows.length < 2) throw new Error(`${source}: a response table needs at least two points`);
  return rows;
}

/** Gain in dB at `f`, interpolated linearly on a log-frequency axis, held flat beyond the ends. */
export function tableGainDb(table: ResponseTable, f: number): number {
  if (f <= table[0][0]) return table[0][1];
  const last = table[table.length - 1];
  if (f >= last[0]) return last[1];
  let i = 1;
  while (table[i][0] < f) i++;
  const [f0, g0] = table[i - 1];
  const [f1, g1] = table[i];
  const t = Math.log(f / f0) / Math.log(f1 / f0);
  return g0 + t * (g1 - g0);
}

/**
 * A linear-phase FIR of `taps` (odd) whose magnitude follows the table: the response is sampled
 * on a dense grid, inverse-transformed to a zero-phase impulse, centred and Blackman-windowed.
 */
export function designTableFir(
  table: ResponseTable,
  sampleRate: number,
  taps = 1023,
): Float64Array {
  const size = 8192;
  const spectrum = new Float64Array(2 * size);
  for (let k = 0; k <= size / 2; k++) {
    const f = (k * sampleRate) / size;
    const mag = 10 ** (tableGainDb(table, Math.max(f, 1)) / 20);
    spectrum[2 * k] = mag;
    if (k > 0 && k < size / 2) spectrum[2 * (size - k)] = mag;
  }
  const fft = new FFT(size);
  const impulse = new Float64Array(2 * size);
  fft.inverseTransform(impulse, spectrum);
  const h = new Float64Array(taps);
  const half = (taps - 1) / 2;
  for (let n = 0; n < taps; n++) {
    const lag = n - half;
    const v = impulse[2 * (((lag % size) + size) % size)];
    const w =
      0.42 -
      0.5 * Math.cos((2 * Math.PI * n) / (taps - 1)) +
      0.08 * Math.cos((4 * Math.PI * n) / (taps - 1));
    h[n] = v * w;
  }
  return h;
}

/** Applies a linear-phase FIR with its (taps−1)/2 delay removed: output is time-aligned. */
export function applyLinearPhase(samples: Float32Array, h: Float64Array): Float32Array {
  return applyLinearPhaseWithPeak(samples, h).samples;
}

/** applyLinearPhase, and the output's peak (max |sample|), taken as it is written. */
export function applyLinearPhaseWithPeak(
  samples: Float32Array,
  h: Float64Array,
): { samples: Float32Array; peak: number } {
  const delay = (h.length - 1) / 2;
  return fftConvolveWithPeak(samples, h, samples.length + delay, delay);
}
