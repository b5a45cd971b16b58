/**
 * ITU-T G.711 µ-law and A-law, bit-exact to the ITU-T G.191 Software Tool Library's `g711.c`
 * (ulaw_compress/ulaw_expand, alaw_compress/alaw_expand). Inputs are 16-bit two's-complement
 * samples; G.191 first reduces them to 14 bits (µ-law) or 12 magnitude bits plus sign (A-law) by
 * an arithmetic shift of the one's complement for negative values, then decides the segment and
 * step by the G.711 decision levels — so a value just below a decision level maps down even
 * when it is nearer the level above. (ffmpeg's pcm_mulaw/pcm_alaw instead pick the nearest
 * reconstruction level, and therefore differ on some inputs; see test/perturbations/codec.)
 * Expansion returns the standard's reconstruction value (the interval midpoint), left-justified
 * in 16 bits.
 */

/** µ-law compression of one 16-bit sample to an 8-bit code (G.191 ulaw_compress). */
export function ulawCompress(x: number): number {
  let absno = x < 0 ? (~x >> 2) + 33 : (x >> 2) + 33; // 33: offset between the A- and µ-law thresholds
  if (absno > 0x1fff) absno = 0x1fff;
  let i = absno >> 6;
  let segno = 1;
  while (i !== 0) {
    segno++;
    i >>= 1;
  }
  const high = 0x8 - segno;
  const low = 0xf - ((absno >> segno) & 0xf);
  let code = (high << 4) | low;
  if (x >= 0) code |= 0x80;
  return code;
}

/** µ-law expansion of an 8-bit code to a 16-bit sample (G.191 ulaw_expand). */
export function ulawExpand(code: number): number {
  const sign = code < 0x80 ? -1 : 1;
  let mantissa = ~code;
  const exponent = (mantissa >> 4) & 0x7;
  const segment = exponent + 1;
  mantissa &= 0xf;
  const step = 4 << segment;
  return sign * ((0x80 << exponent) + step * mantissa + step / 2 - 4 * 33);
}

/** A-law compression of one 16-bit sample to an 8-bit code (G.191 alaw_compress). */
export function alawCompress(x: number): number {
  let ix = x < 0 ? ~x >> 4 : x >> 4;
  if (ix > 15) {
    let iexp = 1;
    while (ix > 16 + 15) {
      ix >>= 1;
      iexp++;
    }
    ix -= 16;
    ix += iexp << 4;
  }
  if (x >= 0) ix |= 0x80;
  return ix ^ 0x55; // toggle even bits
}

/** A-law expansion of an 8-bit code to a 16-bit sample (G.191 alaw_expand). */
export function alawExpand(code: number): number {
  let ix = code ^ 0x55;
  ix &= 0x7f;
  const iexp = ix >> 4;
  let mant = ix & 0xf;
  if (iexp > 0) mant += 16;
  mant = (mant << 4) + 0x8;
  if (iexp > 1) mant <<= iexp - 1;
  return code > 127 ? mant : -mant;
}

export type G711Law = 'ulaw' | 'alaw';

/** Precomputed round trip for every 16-bit input (64 K entries, built once per law). */
const tables = new Map<G711Law, Int16Array>();

export function g711RoundTripTable(law: G711Law): Int16Array {
  let t = tables.get(law);
  if (!t) {
    t = new Int16Array(65536);
    for (let x = -32768; x < 32768; x++) {
      t[x + 32768] = law === 'ulaw' ? ulawExpand(ulawCompress(x)) : alawExpand(alawCompress(x));
    }
    tables.set(law, t);
  }
  return t;
}

/**
 * Float samples (±1 full scale, at 8 kHz) through G.711 and back: quantised to 16-bit PCM
 * (×32768, rounded, saturated), compressed and expanded, returned as floats.
 */
export function g711RoundTrip(samples: Float32Array, law: G711Law): Float32Array {
  const table = g711RoundTripTable(law);
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    let v = Math.round(samples[i] * 32768);
    v = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    out[i] = table[v + 32768] / 32768;
  }
  return out;
}
