/* opencore-amr's correlations for the open-loop pitch search (enc/src/calc_cor.cpp, comp_corr)
 * and of the target with the impulse response (enc/src/cor_h_x.cpp, cor_h_x) in WebAssembly
 * SIMD, bit for bit the original: sums of 16 x 16-bit products in 32-bit integers that the C
 * adds without saturation (a plain, wrapping i32 add in wasm32), the same in any order, so
 * formed with i32x4.dot_i16x8_s (pairwise products, wrapping). Everything after the sums is the
 * C's own code. comp_corr's original stays in the module (lm_comp_corr_c) for frame lengths
 * that are not a multiple of 8. */
#include <string.h>
#include <wasm_simd128.h>
#include "basic_op.h"
#include "calc_cor.h"
#include "cnst.h"
#include "cor_h_x.h"

void lm_comp_corr_c(Word16 scal_sig[], Word16 L_frame, Word16 lag_max, Word16 lag_min,
                    Word32 corr[]);

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
