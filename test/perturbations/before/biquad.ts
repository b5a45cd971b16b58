// The code as it was before the speed work (commit bf065f4), kept as the reference
// test/perturbations/same-output.test.ts holds the rewritten code to, sample for sample.
/**
 * Second-order IIR sections (RBJ Audio EQ Cookbook designs) and Butterworth cascades, run in
 * double precision (transposed direct form II). Causal and minimum-phase, like the analogue
 * channels they model; no bulk delay, so output stays time-aligned with input.
 */
export interface Biquad {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
}

export type BiquadType =
  | 'lowpass'
  | 'highpass'
  | 'bandpass'
  | 'notch'
  | 'peaking'
  | 'lowshelf'
  | 'highshelf';

/** RBJ cookbook section; `gainDb` is used by peaking and shelving types only. */
export function designBiquad(
  type: BiquadType,
  frequency: number,
  sampleRate: number,
  q: number,
  gainDb = 0,
): Biquad {
  const w0 = (2 * Math.PI * frequency) / sampleRate;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  const A = 10 ** (gainDb / 40);
  let b0: number;
  let b1: number;
  let b2: number;
  let a0: number;
  let a1: number;
  let a2: number;
  switch (type) {
    case 'lowpass':
      [b0, b1, b2] = [(1 - cos) / 2, 1 - cos, (1 - cos) / 2];
      [a0, a1, a2] = [1 + alpha, -2 * cos, 1 - alpha];
      break;
    case 'highpass':
      [b0, b1, b2] = [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2];
      [a0, a1, a2] = [1 + alpha, -2 * cos, 1 - alpha];
      break;
    case 'bandpass': // constant 0 dB peak gain
      [b0, b1, b2] = [alpha, 0, -alpha];
      [a0, a1, a2] = [1 + alpha, -2 * cos, 1 - alpha];
      break;
    case 'notch':
      [b0, b1, b2] = [1, -2 * cos, 1];
      [a0, a1, a2] = [1 + alpha, -2 * cos, 1 - alpha];
      break;
    case 'peaking':
      [b0, b1, b2] = [1 + alpha * A, -2 * cos, 1 - alpha * A];
      [a0, a1, a2] = [1 + alpha / A, -2 * cos, 1 - alpha / A];
      break;
    case 'lowshelf': {
      const s = 2 * Math.sqrt(A) * alpha;
      [b0, b1, b2] = [
        A * (A + 1 - (A - 1) * cos + s),
        2 * A * (A - 1 - (A + 1) * cos),
        A * (A + 1 - (A - 1) * cos - s),
      ];
      [a0, a1, a2] = [
        A + 1 + (A - 1) * cos + s,
        -2 * (A - 1 + (A + 1) * cos),
        A + 1 + (A - 1) * cos - s,
      ];
      break;
    }
    case 'highshelf': {
      const s = 2 * Math.sqrt(A) * alpha;
      [b0, b1, b2] = [
        A * (A + 1 + (A - 1) * cos + s),
        -2 * A * (A - 1 + (A + 1) * cos),
        A * (A + 1 + (A - 1) * cos - s),
      ];
      [a0, a1, a2] = [
        A + 1 - (A - 1) * cos + s,
        2 * (A - 1 - (A + 1) * cos),
        A + 1 - (A - 1) * cos - s,
      ];
      break;
    }
  }
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0 };
}

/**
 * A Butterworth low- or high-pass of even `order` as a cascade of order/2 sections whose Q
 * values place the poles on the Butterworth circle: -3.01 dB at `frequency`, and a slope of
 * 6·order dB per octave beyond it.
 */
export function butterworth(
  type: 'lowpass' | 'highpass',
  order: number,
  frequency: number,
  sampleRate: number,
): Biquad[] {
  if (!Number.isInteger(order) || order < 2 || order % 2 !== 0) {
    throw new RangeError(`Butterworth order must be an even whole number ≥ 2, got ${order}`);
  }
  const sections: Biquad[] = [];
  for (let k = 0; k < order / 2; k++) {
    const q = 1 / (2 * Math.cos((Math.PI * (2 * k + 1)) / (2 * order)));
    sections.push(designBiquad(type, frequency, sampleRate, q));
  }
  return sections;
}

/** Runs the cascade over `input`, returning a new array. */
export function filterCascade(input: Float32Array, sections: readonly Biquad[]): Float32Array {
  const out = new Float32Array(input.length);
  let src: Float32Array = input;
  for (const { b0, b1, b2, a1, a2 } of sections) {
    let z1 = 0;
    let z2 = 0;
    for (let i = 0; i < src.length; i++) {
      const x = src[i];
      const y = b0 * x + z1;
      z1 = b1 * x - a1 * y + z2;
      z2 = b2 * x - a2 * y;
      out[i] = y;
    }
    src = out;
  }
  if (sections.length === 0) out.set(input);
  return out;
}

/** Magnitude response of the cascade at `frequency`, in dB (for tests and documentation). */
export function cascadeResponseDb(
  sections: readonly Biquad[],
  frequency: number,
  sampleRate: number,
): number {
  const w = (2 * Math.PI * frequency) / sampleRate;
  let db = 0;
  for (const { b0, b1, b2, a1, a2 } of sections) {
    const num = complexAbs(
      b0 + b1 * Math.cos(w) + b2 * Math.cos(2 * w),
      -(b1 * Math.sin(w) + b2 * Math.sin(2 * w)),
    );
    const den = complexAbs(
      1 + a1 * Math.cos(w) + a2 * Math.cos(2 * w),
      -(a1 * Math.sin(w) + a2 * Math.sin(2 * w)),
    );
    db += 20 * Math.log10(num / den);
  }
  return db;
}

function complexAbs(re: number, im: number): number {
  return Math.hypot(re, im);
}
