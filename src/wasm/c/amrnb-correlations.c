/* opencore-amr's correlations for the open-loop pitch search (enc/src/calc_cor.cpp, comp_corr),
 * of the target with the impulse response (enc/src/cor_h_x.cpp, cor_h_x) and of the impulse
 * response with itself, the codebook searches' matrix (enc/src/cor_h.cpp, cor_h) in WebAssembly
 * SIMD, bit for bit the original: sums of 16 x 16-bit products in 32-bit integers that the C
 * adds without saturation (a plain, wrapping i32 add in wasm32), the same in any order, so
 * formed with i32x4.dot_i16x8_s (pairwise products, wrapping). Everything after the sums is the
 * C's own code. comp_corr's original stays in the module (lm_comp_corr_c) for frame lengths
 * that are not a multiple of 8. */
#include <string.h>
#include <wasm_simd128.h>
#include "autocorr.h"
#include "basic_op.h"
#include "calc_cor.h"
#include "cnst.h"
#include "cor_h.h"
#include "cor_h_x.h"
#include "inv_sqrt.h"

Word16 lm_Autocorr_c(Word16 x[], Word16 m, Word16 r_h[], Word16 r_l[], const Word16 wind[],
                     Flag *pOverflow);
void lm_comp_corr_c(Word16 scal_sig[], Word16 L_frame, Word16 lag_max, Word16 lag_min,
                    Word32 corr[]);

/* Low 16 bits of each i32 lane as eight i16 lanes: lo's four, then hi's. */
static inline v128_t low16(v128_t lo, v128_t hi) {
  return wasm_i8x16_shuffle(lo, hi, 0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29);
}

static inline int32_t sum4(v128_t v) {
  v = wasm_i32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  v = wasm_i32x4_add(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
  return wasm_i32x4_extract_lane(v, 0);
}

/* corr[-t] = 2 <scal_sig[n], scal_sig[n - t]> (wrapping, as the C) for the same lags the C
 * fills: from lag_max down, four at a time, so up to three below lag_min. */
void comp_corr(Word16 scal_sig[], Word16 L_frame, Word16 lag_max, Word16 lag_min, Word32 corr[]) {
  if (L_frame % 8 != 0) {
    lm_comp_corr_c(scal_sig, L_frame, lag_max, lag_min, corr);
    return;
  }
  int lags = (((lag_max - lag_min) >> 2) + 1) * 4;
  for (int k = 0; k < lags; k += 4) {
    const Word16 *p = scal_sig - lag_max + k; /* scal_sig[n - (lag_max - k)] at n = 0 */
    v128_t t0 = wasm_i32x4_splat(0), t1 = t0, t2 = t0, t3 = t0;
    for (int n = 0; n < L_frame; n += 8) {
      v128_t s = wasm_v128_load(scal_sig + n);
      t0 = wasm_i32x4_add(t0, wasm_i32x4_dot_i16x8(s, wasm_v128_load(p + n)));
      t1 = wasm_i32x4_add(t1, wasm_i32x4_dot_i16x8(s, wasm_v128_load(p + n + 1)));
      t2 = wasm_i32x4_add(t2, wasm_i32x4_dot_i16x8(s, wasm_v128_load(p + n + 2)));
      t3 = wasm_i32x4_add(t3, wasm_i32x4_dot_i16x8(s, wasm_v128_load(p + n + 3)));
    }
    Word32 *out = corr - lag_max + k;
    out[0] = (Word32)((uint32_t)sum4(t0) << 1);
    out[1] = (Word32)((uint32_t)sum4(t1) << 1);
    out[2] = (Word32)((uint32_t)sum4(t2) << 1);
    out[3] = (Word32)((uint32_t)sum4(t3) << 1);
  }
}

/* y32[i] = sum_{m=i..39} (x[m] h[m-i]) << 1 against x with zeros after it; then the C's own
 * scaling (norm_l of the tracks' maxima, L_shl, which may set *pOverflow as in the C). */
void cor_h_x(Word16 h[], Word16 x[], Word16 dn[], Word16 sf, Flag *pOverflow) {
  Word16 xp[L_CODE + 8];
  memcpy(xp, x, L_CODE * sizeof(Word16));
  memset(xp + L_CODE, 0, 8 * sizeof(Word16));
  Word32 y32[L_CODE];
  for (int i = 0; i < L_CODE; i++) {
    v128_t s = wasm_i32x4_splat(0);
    for (int m = 0; i + m < L_CODE; m += 8)
      s = wasm_i32x4_add(s, wasm_i32x4_dot_i16x8(wasm_v128_load(xp + i + m), wasm_v128_load(h + m)));
    y32[i] = (Word32)((uint32_t)sum4(s) << 1);
  }
  Word32 tot = 5;
  for (int k = 0; k < NB_TRACK; k++) {
    Word32 max = 0;
    for (int i = k; i < L_CODE; i += STEP) {
      Word32 s = y32[i];
      if (s < 0) s = -s;
      if (s > max) max = s;
    }
    tot += (max >> 1);
  }
  Word16 j = norm_l(tot) - sf;
  for (int i = 0; i < L_CODE; i++) {
    Word32 s = L_shl(y32[i], j, pOverflow);
    dn[i] = (s + 0x00008000) >> 16;
  }
}

/* Eight i16 lanes in reverse order. */
static inline v128_t reverse8(v128_t v) { return wasm_i16x8_shuffle(v, v, 7, 6, 5, 4, 3, 2, 1, 0); }

/* (Word16)x of each i32 lane, sign-extended back to i32 (a C store into a Word16). */
static inline v128_t wrap16(v128_t x) { return wasm_i32x4_shr(wasm_i32x4_shl(x, 16), 16); }


/* rr[c][r] = rr[r][c] for c > r inside the 8 x 8 block at (8 br, 8 bc): the block's transpose
 * (three rounds of interleaves) lands at (8 bc, 8 br); on the diagonal only its upper part. */
static void mirror_block(Word16 rr[][L_CODE], int br, int bc) {
  v128_t r[8], a[8], b[8], t[8];
  for (int i = 0; i < 8; i++) r[i] = wasm_v128_load(&rr[8 * br + i][8 * bc]);
  for (int i = 0; i < 8; i += 2) {
    a[i] = wasm_i16x8_shuffle(r[i], r[i + 1], 0, 8, 1, 9, 2, 10, 3, 11);
    a[i + 1] = wasm_i16x8_shuffle(r[i], r[i + 1], 4, 12, 5, 13, 6, 14, 7, 15);
  }
  for (int i = 0; i < 8; i += 4) {
    b[i] = wasm_i32x4_shuffle(a[i], a[i + 2], 0, 4, 1, 5);
    b[i + 1] = wasm_i32x4_shuffle(a[i], a[i + 2], 2, 6, 3, 7);
    b[i + 2] = wasm_i32x4_shuffle(a[i + 1], a[i + 3], 0, 4, 1, 5);
    b[i + 3] = wasm_i32x4_shuffle(a[i + 1], a[i + 3], 2, 6, 3, 7);
  }
  for (int i = 0; i < 4; i++) {
    t[2 * i] = wasm_i64x2_shuffle(b[i], b[i + 4], 0, 2);
    t[2 * i + 1] = wasm_i64x2_shuffle(b[i], b[i + 4], 1, 3);
  }
  for (int i = 0; i < 8; i++) {
    Word16 *dst = &rr[8 * bc + i][8 * br];
    if (br != bc) {
      wasm_v128_store(dst, t[i]);
    } else { /* lanes j > i from the transpose, the rest (lower part, diagonal) kept */
      v128_t upper = wasm_i16x8_gt(wasm_i16x8_make(0, 1, 2, 3, 4, 5, 6, 7), wasm_i16x8_splat(i));
      wasm_v128_store(dst, wasm_v128_bitselect(t[i], wasm_v128_load(dst), upper));
    }
  }
}

/* rr[i][j] = rr[j][i] = sign-weighted, rounded sum_{m=0..39-max(i,j)} h2[m] h2[m + |i-j|]
 * (h2: h scaled as the C scales it). The C forms each diagonal's sums in turn; here lane d
 * of a row of accumulators holds diagonal d's running sum, all diagonals advancing one term
 * at a time (row r = 39 - m gets its values after term m). The sums are plain wrapping i32
 * sums in the C, the same in any order; every later step (round, (Word16) casts, the sign
 * products and their >> 15) is the C's, lane by lane. Row r's values are stored in reverse
 * lane order at rr[r][r - d]; the last store of a row may run up to seven entries into the
 * end of row r - 1, which lie right of its diagonal and are written last, by mirroring the
 * lower triangle. */
void cor_h(Word16 h[], Word16 sign[], Word16 rr[][L_CODE], Flag *pOverflow) {
  Word16 h2[L_CODE + 8], sg[8 + L_CODE];
  /* The C's scaling: s = 1 + sum h^2, doubled; h halved if that reaches bit 31, else scaled by
   * 0.99 / sqrt(s). */
  v128_t e = wasm_i32x4_splat(0);
  for (int i = 0; i < L_CODE; i += 8) {
    v128_t x = wasm_v128_load(h + i);
    e = wasm_i32x4_add(e, wasm_i32x4_dot_i16x8(x, x));
  }
  Word32 s = (Word32)(1u + (uint32_t)sum4(e));
  s = (Word32)((uint32_t)s << 1);
  if (s & MIN_32) {
    for (int i = 0; i < L_CODE; i++) h2[i] = h[i] >> 1;
  } else {
    s >>= 1;
    s = Inv_sqrt(s, pOverflow);
    Word16 dec = s < (Word32)0x00ffffffL ? (Word16)(((s >> 9) * 32440) >> 15) : 32440;
    v128_t vd = wasm_i16x8_splat(dec), rnd = wasm_i32x4_splat(0x20);
    for (int i = 0; i < L_CODE; i += 8) {
      v128_t x = wasm_v128_load(h + i);
      v128_t lo = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_extmul_low_i16x8(x, vd), rnd), 6);
      v128_t hi = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_extmul_high_i16x8(x, vd), rnd), 6);
      wasm_v128_store(h2 + i, low16(lo, hi));
    }
  }
  memset(h2 + L_CODE, 0, 8 * sizeof(Word16));
  memset(sg, 0, 8 * sizeof(Word16));
  memcpy(sg + 8, sign, L_CODE * sizeof(Word16));

  v128_t acc[2 * (L_CODE / 8)]; /* diagonals d = 0 … 39: acc[2c] d = 8c … 8c+3, acc[2c+1] +4 */
  for (int c = 0; c < 2 * (L_CODE / 8); c++) acc[c] = wasm_i32x4_splat(0);
  const v128_t half = wasm_i32x4_splat(0x4000);
  for (int m = 0; m < L_CODE; m++) {
    int r = L_CODE - 1 - m, chunks = r / 8 + 1;
    v128_t hm = wasm_i16x8_splat(h2[m]);
    for (int c = 0; c < chunks; c++) {
      v128_t v = wasm_v128_load(h2 + m + 8 * c); /* h2[m + d]; zeros past the end */
      acc[2 * c] = wasm_i32x4_add(acc[2 * c], wasm_i32x4_extmul_low_i16x8(hm, v));
      acc[2 * c + 1] = wasm_i32x4_add(acc[2 * c + 1], wasm_i32x4_extmul_high_i16x8(hm, v));
    }
    if (r > 0) {
      v128_t sr = wasm_i32x4_splat(sign[r]);
      for (int c = 0; c < chunks; c++) {
        /* sign[r - d] for the chunk's d, from the copy with zeros before sign[0] */
        v128_t sd = reverse8(wasm_v128_load(sg + 8 + r - 8 * c - 7));
        v128_t t2lo = wrap16(wasm_i32x4_shr(wasm_i32x4_mul(sr, wasm_i32x4_extend_low_i16x8(sd)), 15));
        v128_t t2hi = wrap16(wasm_i32x4_shr(wasm_i32x4_mul(sr, wasm_i32x4_extend_high_i16x8(sd)), 15));
        v128_t t1lo = wrap16(wasm_i32x4_shr(wasm_i32x4_add(acc[2 * c], half), 15));
        v128_t t1hi = wrap16(wasm_i32x4_shr(wasm_i32x4_add(acc[2 * c + 1], half), 15));
        v128_t v = low16(wasm_i32x4_shr(wasm_i32x4_mul(t1lo, t2lo), 15),
                         wasm_i32x4_shr(wasm_i32x4_mul(t1hi, t2hi), 15));
        wasm_v128_store(&rr[r][r - 8 * c - 7], reverse8(v));
      }
    }
    /* the diagonal, without sign: written after the chunk that covered it */
    rr[r][r] = (Word16)((wasm_i32x4_extract_lane(acc[0], 0) + 0x00004000L) >> 15);
  }
  for (int br = 0; br < L_CODE / 8; br++)
    for (int bc = 0; bc <= br; bc++) mirror_block(rr, br, bc);
}

/* The LP analysis's autocorrelation: the windowed signal y[i] = (Word16)((x[i] w[i] + 0x4000)
 * >> 15), eight at a time; r[0] = 1 + sum 2 y^2, r[k] = sum y[i] y[i+k] (plain wrapping sums in
 * the C), then the C's normalisation and double-precision split. The C stops summing r[0] when
 * a partial sum turns negative and then scales y down by 4 until it fits; its terms are never
 * negative, so that happens exactly when the whole sum, taken in 64 bits here, reaches 2^31:
 * such a frame (a loud one) goes to the C as it is. */
Word16 Autocorr(Word16 x[], Word16 m, Word16 r_h[], Word16 r_l[], const Word16 wind[],
                Flag *pOverflow) {
  Word16 y[L_WINDOW + 16];
  if (m > 16) return lm_Autocorr_c(x, m, r_h, r_l, wind, pOverflow);
  v128_t e = wasm_i64x2_splat(0);
  const v128_t half = wasm_i32x4_splat(0x4000);
  for (int i = 0; i < L_WINDOW; i += 8) {
    v128_t a = wasm_v128_load(x + i), w = wasm_v128_load(wind + i);
    v128_t lo = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_extmul_low_i16x8(a, w), half), 15);
    v128_t hi = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_extmul_high_i16x8(a, w), half), 15);
    v128_t v = low16(lo, hi);
    wasm_v128_store(y + i, v);
    v128_t q0 = wasm_i32x4_extmul_low_i16x8(v, v), q1 = wasm_i32x4_extmul_high_i16x8(v, v);
    e = wasm_i64x2_add(e, wasm_i64x2_add(wasm_i64x2_extend_low_i32x4(q0),
                                         wasm_i64x2_extend_high_i32x4(q0)));
    e = wasm_i64x2_add(e, wasm_i64x2_add(wasm_i64x2_extend_low_i32x4(q1),
                                         wasm_i64x2_extend_high_i32x4(q1)));
  }
  int64_t energy = wasm_i64x2_extract_lane(e, 0) + wasm_i64x2_extract_lane(e, 1);
  if (energy >= (int64_t)1 << 30) return lm_Autocorr_c(x, m, r_h, r_l, wind, pOverflow);
  memset(y + L_WINDOW, 0, 16 * sizeof(Word16));
  Word32 sum = (Word32)(2 * energy) + 1L;
  Word16 norm = norm_l(sum);
  sum <<= norm;
  r_h[0] = (Word16)(sum >> 16);
  r_l[0] = (Word16)((sum >> 1) - ((Word32)(r_h[0]) << 15));
  for (int k = 1; k <= m; k++) {
    v128_t acc = wasm_i32x4_splat(0);
    for (int i = 0; i + k < L_WINDOW; i += 8)
      acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(wasm_v128_load(y + i), wasm_v128_load(y + i + k)));
    sum = (Word32)((uint32_t)sum4(acc) << (norm + 1));
    r_h[k] = (Word16)(sum >> 16);
    r_l[k] = (Word16)((sum >> 1) - ((Word32)r_h[k] << 15));
  }
  return norm;
}
