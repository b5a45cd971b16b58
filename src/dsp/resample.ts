/**
 * Band-limited resampling by a Kaiser-windowed sinc, evaluated exactly at each output
 * sample's rational phase (rates are integers, so out/in = L/M reduces to a phase table of L
 * rows). The pass band ends at 95 % of the lower Nyquist frequency and the stop band is
 * attenuated by about 90 dB (Kaiser beta 9, 32 zero crossings each side) — enough that
 * resampling never adds an audible or measurable artefact to a speech clip.
 */
const ZERO_CROSSINGS = 32;
const KAISER_BETA = 9;
const PASSBAND = 0.95;

const cache = new Map<string, { table: Float32Array[]; half: number; step: number; L: number }>();

export function resample(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate) return samples.slice();
  if (!Number.isInteger(fromRate) || !Number.isInteger(toRate) || fromRate <= 0 || toRate <= 0) {
    throw new RangeError(`sample rates must be positive integers, got ${fromRate} → ${toRate}`);
  }
  const { table, half, step, L } = phaseTable(fromRate, toRate);
  const outLength = Math.round((samples.length * toRate) / fromRate);
  const out = new Float32Array(outLength);
  const n = samples.length;
  for (let i = 0; i < outLength; i++) {
    // Output i sits at input position i*M/L = base + phase/L.
    const pos = i * step;
    const base = Math.floor(pos / L);
    const phase = pos - base * L;
    const taps = table[phase];
    const start = base - half + 1;
    let acc = 0;
    if (start >= 0 && start + taps.length <= n) {
      for (let k = 0; k < taps.length; k++) acc += samples[start + k] * taps[k];
    } else {
      for (let k = 0; k < taps.length; k++) {
        const j = start + k;
        if (j >= 0 && j < n) acc += samples[j] * taps[k];
      }
    }
    out[i] = acc;
  }
  return out;
}

function phaseTable(fromRate: number, toRate: number) {
  const key = `${fromRate}/${toRate}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const g = gcd(fromRate, toRate);
  const L = toRate / g;
  const M = fromRate / g;
  const scale = Math.min(1, toRate / fromRate) * PASSBAND; // cutoff relative to input Nyquist
  const half = Math.ceil(ZERO_CROSSINGS / scale);
  const i0beta = besselI0(KAISER_BETA);
  const table: Float32Array[] = [];
  for (let phase = 0; phase < L; phase++) {
    const frac = phase / L;
    const taps = new Float32Array(2 * half);
    for (let k = 0; k < 2 * half; k++) {
      // Distance from the output position to input sample (base - half + 1 + k).
      const d = k - half + 1 - frac;
      const w =
        Math.abs(d) >= half ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - (d / half) ** 2)) / i0beta;
      taps[k] = scale * sinc(scale * d) * w;
    }
    table.push(taps);
  }
  const entry = { table, half, step: M, L };
  cache.set(key, entry);
  return entry;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
