/**
 * Recordings with known components, built here from plain sines and FFT-shaped noise (not with
 * lastmile's perturbations), so the profile is checked against an independent construction.
 */
import FFT from 'fft.js';

/** Seeded uniform numbers (mulberry32): the test's own generator. */
export function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Pink (1/f power) noise at an exact RMS level (dBFS): random-phase spectrum with magnitude
 * 1/√f between 20 Hz and Nyquist, inverse FFT, scaled. Length is a power of two.
 */
export function pinkNoise(length: number, sampleRate: number, levelDb: number, seed: number) {
  const fft = new FFT(length);
  const rand = uniform(seed);
  const spectrum = fft.createComplexArray() as number[];
  for (let k = 1; k < length / 2; k++) {
    const f = (k * sampleRate) / length;
    if (f < 20) continue;
    const phase = 2 * Math.PI * rand();
    const mag = 1 / Math.sqrt(f);
    spectrum[2 * k] = mag * Math.cos(phase);
    spectrum[2 * k + 1] = mag * Math.sin(phase);
    spectrum[2 * (length - k)] = mag * Math.cos(phase);
    spectrum[2 * (length - k) + 1] = -mag * Math.sin(phase);
  }
  const out = fft.createComplexArray() as number[];
  fft.inverseTransform(out, spectrum);
  const x = new Float32Array(length);
  let sum = 0;
  for (let i = 0; i < length; i++) {
    x[i] = out[2 * i];
    sum += x[i] * x[i];
  }
  const g = 10 ** (levelDb / 20) / Math.sqrt(sum / length);
  for (let i = 0; i < length; i++) x[i] *= g;
  return x;
}

/** Adds a sine of RMS level `levelDb` dBFS at `frequency` Hz, gated by `gate` when given. */
export function addTone(
  x: Float32Array,
  sampleRate: number,
  frequency: number,
  levelDb: number,
  gate?: (t: number) => number,
): void {
  const a = Math.SQRT2 * 10 ** (levelDb / 20);
  for (let i = 0; i < x.length; i++) {
    const t = i / sampleRate;
    x[i] += a * Math.sin(2 * Math.PI * frequency * t + 0.3) * (gate ? gate(t) : 1);
  }
}

/** 1 during pulses of `pulse` s, `count` per burst `spacing` s apart, bursts every `period` s. */
export function burstGate(
  period: number,
  count: number,
  pulse: number,
  spacing: number,
  start = 0.4,
) {
  return (t: number) => {
    const inPeriod = (((t - start) % period) + period) % period;
    for (let k = 0; k < count; k++) {
      const t0 = k * (pulse + spacing);
      if (inPeriod >= t0 && inPeriod < t0 + pulse) return 1;
    }
    return 0;
  };
}

/**
 * A room with known components, built in the test from sines and FFT-shaped pink noise:
 * hum at 57 Hz (−30 dBFS) with three harmonics (−36, −40, −44 dBFS), pink noise at −40 dBFS
 * (20 Hz – Nyquist), and an alarm of three 200 ms pulses 100 ms apart every 2.5 s, 600 Hz with
 * four harmonics falling 3 dB a step (−32 … −44 dBFS per partial while sounding).
 * Tolerances: frequency ±1 Hz, level ±2 dB, period ±5 %.
 */
export const RATE = 16_000;
export const HUM = [
  { f: 57, level: -30 },
  { f: 114, level: -36 },
  { f: 171, level: -40 },
  { f: 228, level: -44 },
];
export const ALARM = [1, 2, 3, 4, 5].map((h) => ({ f: 600 * h, level: -32 - 3 * (h - 1) }));
export function wardLike(seconds = 32.768): Float32Array {
  const x = pinkNoise(2 ** Math.ceil(Math.log2(seconds * RATE)), RATE, -40, 7);
  for (const h of HUM) addTone(x, RATE, h.f, h.level);
  const gate = burstGate(2.5, 3, 0.2, 0.1);
  for (const a of ALARM) addTone(x, RATE, a.f, a.level, gate);
  return x;
}

/**
 * Knocks at irregular times (2 ms noise bursts) through a room whose impulse response is
 * Gaussian noise decaying 60 dB in `rt60` s, over a pink floor: the decays `profile` reads.
 */
export function knocksInRoom(rt60: number, seconds = 24): Float32Array {
  const n = 2 ** Math.ceil(Math.log2(seconds * RATE));
  const x = pinkNoise(n, RATE, -62, 11);
  const rand = uniform(23);
  const irLength = Math.round(1.5 * rt60 * RATE);
  const ir = new Float32Array(irLength);
  for (let i = 0; i < irLength; i++) {
    const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    ir[i] = (i === 0 ? 4 : 0.3 * g) * 10 ** ((-3 * i) / (rt60 * RATE)); // −60 dB at rt60
  }
  const times = [1.1, 4.9, 7.3, 11.8, 14.2, 18.9];
  for (const t of times) {
    const start = Math.round(t * RATE);
    for (let k = 0; k < 0.002 * RATE; k++) {
      const v = 0.5 * (2 * rand() - 1);
      for (let i = 0; i < irLength && start + k + i < n; i++) x[start + k + i] += v * ir[i];
    }
  }
  return x;
}
