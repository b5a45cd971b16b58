/**
 * Reverberation time from an impulse response by Schroeder backward integration (ISO 3382-1):
 * the energy decay curve EDC(t) = ∫_t^∞ h²; a least-squares line through EDC in dB between
 * −5 dB and −5−`range` dB gives the decay rate, extrapolated to 60 dB (T20 for range 20, T30
 * for 30). Returns NaN when the curve never falls that far.
 */
export function schroederRt60(ir: ArrayLike<number>, sampleRate: number, range = 30): number {
  const edc = energyDecayDb(ir);
  const top = -5;
  const bottom = -5 - range;
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < edc.length; i++) {
    const y = edc[i];
    if (y > top) continue;
    if (y < bottom) break;
    const x = i / sampleRate;
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  if (n < 2) return Number.NaN;
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx); // dB per second
  return -60 / slope;
}

/** Schroeder's energy decay curve in dB re its value at t = 0. */
export function energyDecayDb(ir: ArrayLike<number>): Float64Array {
  const edc = new Float64Array(ir.length);
  let acc = 0;
  for (let i = ir.length - 1; i >= 0; i--) {
    acc += ir[i] * ir[i];
    edc[i] = acc;
  }
  const total = edc[0] || 1;
  for (let i = 0; i < edc.length; i++) edc[i] = 10 * Math.log10(edc[i] / total);
  return edc;
}

/**
 * Direct-to-reverberant ratio in dB: energy within ±`window` seconds of the strongest sample
 * (the direct path) over all energy after that window.
 */
export function directToReverberantDb(
  ir: ArrayLike<number>,
  sampleRate: number,
  window = 0.0025,
): number {
  let peakAt = 0;
  for (let i = 1; i < ir.length; i++) if (Math.abs(ir[i]) > Math.abs(ir[peakAt])) peakAt = i;
  const w = Math.round(window * sampleRate);
  let direct = 0;
  let late = 0;
  for (let i = 0; i < ir.length; i++) {
    const e = ir[i] * ir[i];
    if (i >= peakAt - w && i <= peakAt + w) direct += e;
    else if (i > peakAt + w) late += e;
  }
  return 10 * Math.log10(direct / late);
}
