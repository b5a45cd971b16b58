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

/**
 * Runs the cascade over `input` into `out` (a new array unless given; it may be `input`
 * itself, as each sample is read before it is written). Each section's output is rounded to
 * float32 before the next section reads it (the cascade was first written as one pass per
 * section through a float32 array, and its output is kept bit for bit). Up to four sections
 * run in one pass, sample by sample: a section's recursion waits on its own previous output
 * (about 16 cycles of dependent multiply and adds), so one section per pass leaves the
 * processor idle, while four interleaved sections overlap their waits — and the clip is read
 * and written once per four sections instead of once per section.
 */
export function filterCascade(
  input: Float32Array,
  sections: readonly Biquad[],
  out = new Float32Array(input.length),
): Float32Array {
  if (sections.length === 0 && out !== input) out.set(input);
  let src: Float32Array = input;
  for (let k = 0; k < sections.length; ) {
    const left = sections.length - k;
    // Chunked so each call is optimised as a whole (see fillGaussian on on-stack replacement).
    const state = new Float64Array(8);
    for (let from = 0; from < src.length; from += CHUNK) {
      const to = Math.min(src.length, from + CHUNK);
      if (left >= 4) run4(src, out, from, to, sections, k, state);
      else if (left >= 2) run2(src, out, from, to, sections, k, state);
      else run1(src, out, from, to, sections[k], state);
    }
    k += left >= 4 ? 4 : left >= 2 ? 2 : 1;
    src = out;
  }
  return out;
}

const CHUNK = 16384;

/** One section (transposed direct form II) on [from, to); state = [z1, z2]. */
function run1(
  src: Float32Array,
  out: Float32Array,
  from: number,
  to: number,
  { b0, b1, b2, a1, a2 }: Biquad,
  state: Float64Array,
): void {
  let z1 = state[0];
  let z2 = state[1];
  for (let i = from; i < to; i++) {
    const x = src[i];
    const y = b0 * x + z1;
    z1 = b1 * x - a1 * y + z2;
    z2 = b2 * x - a2 * y;
    out[i] = y;
  }
  state[0] = z1;
  state[1] = z2;
}

/** Sections k and k + 1 on [from, to); state = [z1, z2] of each. */
function run2(
  src: Float32Array,
  out: Float32Array,
  from: number,
  to: number,
  sections: readonly Biquad[],
  k: number,
  state: Float64Array,
): void {
  const { b0: p0, b1: p1, b2: p2, a1: pa1, a2: pa2 } = sections[k];
  const { b0: q0, b1: q1, b2: q2, a1: qa1, a2: qa2 } = sections[k + 1];
  let [pz1, pz2, qz1, qz2] = state;
  for (let i = from; i < to; i++) {
    const x = src[i];
    const y = p0 * x + pz1;
    pz1 = p1 * x - pa1 * y + pz2;
    pz2 = p2 * x - pa2 * y;
    const u = Math.fround(y);
    const v = q0 * u + qz1;
    qz1 = q1 * u - qa1 * v + qz2;
    qz2 = q2 * u - qa2 * v;
    out[i] = v;
  }
  state.set([pz1, pz2, qz1, qz2]);
}

/** Sections k … k + 3 on [from, to); state = [z1, z2] of each. */
function run4(
  src: Float32Array,
  out: Float32Array,
  from: number,
  to: number,
  sections: readonly Biquad[],
  k: number,
  state: Float64Array,
): void {
  const { b0: p0, b1: p1, b2: p2, a1: pa1, a2: pa2 } = sections[k];
  const { b0: q0, b1: q1, b2: q2, a1: qa1, a2: qa2 } = sections[k + 1];
  const { b0: r0, b1: r1, b2: r2, a1: ra1, a2: ra2 } = sections[k + 2];
  const { b0: s0, b1: s1, b2: s2, a1: sa1, a2: sa2 } = sections[k + 3];
  let [pz1, pz2, qz1, qz2, rz1, rz2, sz1, sz2] = state;
  for (let i = from; i < to; i++) {
    const x = src[i];
    const y = p0 * x + pz1;
    pz1 = p1 * x - pa1 * y + pz2;
    pz2 = p2 * x - pa2 * y;
    const u = Math.fround(y);
    const v = q0 * u + qz1;
    qz1 = q1 * u - qa1 * v + qz2;
    qz2 = q2 * u - qa2 * v;
    const w = Math.fround(v);
    const t = r0 * w + rz1;
    rz1 = r1 * w - ra1 * t + rz2;
    rz2 = r2 * w - ra2 * t;
    const c = Math.fround(t);
    const d = s0 * c + sz1;
    sz1 = s1 * c - sa1 * d + sz2;
    sz2 = s2 * c - sa2 * d;
    out[i] = d;
  }
  state.set([pz1, pz2, qz1, qz2, rz1, rz2, sz1, sz2]);
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
