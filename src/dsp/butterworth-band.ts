import type { Biquad } from './biquad.js';

/**
 * Butterworth band-pass and band-stop filters by the analogue low-pass → band transform and the
 * bilinear transform with pre-warped edges (so the −3 dB points land exactly on `low` and
 * `high`). `order` is the low-pass prototype's order N; the band filter has 2N poles, returned
 * as N second-order sections. Slopes outside the pass band (or into the stop band) are
 * 6·N dB per octave of distance from the band's edge in the transformed frequency.
 */
export function butterworthBand(
  type: 'bandpass' | 'bandstop',
  order: number,
  low: number,
  high: number,
  sampleRate: number,
): Biquad[] {
  if (!Number.isInteger(order) || order < 1) {
    throw new RangeError(`band filter order must be a whole number ≥ 1, got ${order}`);
  }
  const fs2 = 2 * sampleRate;
  const wl = fs2 * Math.tan((Math.PI * low) / sampleRate);
  const wh = fs2 * Math.tan((Math.PI * high) / sampleRate);
  const w0 = Math.sqrt(wl * wh);
  const bw = wh - wl;
  const zPoles: [number, number][] = [];
  for (let k = 0; k < order; k++) {
    const theta = (Math.PI * (2 * k + order + 1)) / (2 * order);
    const p: [number, number] = [Math.cos(theta), Math.sin(theta)];
    // Band-pass: s² − p·bw·s + w0² = 0. Band-stop: s² − (bw/p)·s + w0² = 0.
    const b: [number, number] = type === 'bandpass' ? [p[0] * bw, p[1] * bw] : cdiv([bw, 0], p);
    const disc = csub(cmul(b, b), [4 * w0 * w0, 0]);
    const root = csqrt(disc);
    for (const s of [cscale(cadd(b, root), 0.5), cscale(csub(b, root), 0.5)]) {
      zPoles.push(cdiv(cadd([fs2, 0], s), csub([fs2, 0], s)));
    }
  }
  // Group into conjugate pairs (one per section); real poles are paired with each other.
  const complex = zPoles.filter((z) => z[1] > 1e-12);
  const real = zPoles.filter((z) => Math.abs(z[1]) <= 1e-12).map((z) => z[0]);
  const denominators: [number, number][] = complex.map((z) => [
    -2 * z[0],
    z[0] * z[0] + z[1] * z[1],
  ]);
  real.sort((a, b) => a - b);
  for (let i = 0; i + 1 < real.length; i += 2) {
    denominators.push([-(real[i] + real[i + 1]), real[i] * real[i + 1]]);
  }
  const theta0 = 2 * Math.atan(w0 / fs2);
  const c0 = Math.cos(theta0);
  const sections: Biquad[] = denominators.map(([a1, a2]) => {
    if (type === 'bandstop') {
      // Zeros at ±j·w0 → e^{±jθ0}; unit gain at DC.
      const g = (1 + a1 + a2) / (2 - 2 * c0);
      return { b0: g, b1: -2 * c0 * g, b2: g, a1, a2 };
    }
    return { b0: 1, b1: 0, b2: -1, a1, a2 }; // zeros at DC and Nyquist
  });
  if (type === 'bandpass') {
    // Unit gain at the (digital) centre frequency.
    let mag = 1;
    for (const s of sections) mag *= sectionMagnitude(s, theta0);
    const g = mag > 0 ? mag ** (-1 / sections.length) : 1;
    return sections.map((s) => ({ ...s, b0: s.b0 * g, b1: s.b1 * g, b2: s.b2 * g }));
  }
  return sections;
}

function sectionMagnitude({ b0, b1, b2, a1, a2 }: Biquad, w: number): number {
  const num = Math.hypot(
    b0 + b1 * Math.cos(w) + b2 * Math.cos(2 * w),
    b1 * Math.sin(w) + b2 * Math.sin(2 * w),
  );
  const den = Math.hypot(
    1 + a1 * Math.cos(w) + a2 * Math.cos(2 * w),
    a1 * Math.sin(w) + a2 * Math.sin(2 * w),
  );
  return num / den;
}

type C = [number, number];
const cadd = (a: C, b: C): C => [a[0] + b[0], a[1] + b[1]];
const csub = (a: C, b: C): C => [a[0] - b[0], a[1] - b[1]];
const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const cscale = (a: C, k: number): C => [a[0] * k, a[1] * k];
function cdiv(a: C, b: C): C {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
}
function csqrt([re, im]: C): C {
  const r = Math.hypot(re, im);
  const x = Math.sqrt((r + re) / 2);
  const y = Math.sqrt(Math.max(0, (r - re) / 2));
  return [x, im < 0 ? -y : y];
}
