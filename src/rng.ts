import { createHash } from 'node:crypto';

/**
 * A seeded random stream. Every random choice in lastmile comes from one of these, keyed by
 * what it is for (scenario seed, condition, clip id, step), so results do not depend on the
 * order or concurrency in which clips are processed.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Standard normal (mean 0, variance 1). */
  gaussian(): number;
  /** An independent stream derived from this one's key and `label`. */
  fork(label: string): Rng;
}

/** A stream keyed by the given parts; the same parts always give the same numbers. */
export function createRng(...key: readonly (string | number)[]): Rng {
  return fromKey(JSON.stringify(key));
}

function fromKey(key: string): Rng {
  const digest = createHash('sha256').update(key).digest();
  // xoshiro128** (Blackman & Vigna): fast, 2^128 period, well-tested statistical quality.
  const s = new Uint32Array([
    digest.readUInt32LE(0),
    digest.readUInt32LE(4),
    digest.readUInt32LE(8),
    digest.readUInt32LE(12),
  ]);
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  let spare: number | undefined;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
  // 53 random bits, as Math.random has, from two draws.
  const next = (): number =>
    ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;

  return {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    int: (n) => Math.floor(next() * n),
    gaussian: () => {
      if (spare !== undefined) {
        const g = spare;
        spare = undefined;
        return g;
      }
      // Marsaglia polar method: exact normals without trigonometry.
      let u: number;
      let v: number;
      let q: number;
      do {
        u = 2 * next() - 1;
        v = 2 * next() - 1;
        q = u * u + v * v;
      } while (q >= 1 || q === 0);
      const f = Math.sqrt((-2 * Math.log(q)) / q);
      spare = v * f;
      return u * f;
    },
    fork: (label) => fromKey(`${key}/${label}`),
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
