/* opencore-amr's LP synthesis filter (common/src/syn_filt.cpp, Syn_filt) in WebAssembly SIMD,
 * bit for bit the original. Each output is a sum of 16 x 16-bit products in 32-bit integers that
 * the C adds without saturation (amrnb_fxp_msu_16_by_16bb: a plain, wrapping i32 subtract in
 * wasm32); such a sum is the same in any order, so part of it may be formed in lanes
 * (i32x4.dot_i16x8_s: pairwise products, wrapping). The C's rounding and its bounds test are
 * kept as they are. The original stays in the module (renamed lm_Syn_filt_c) for the lengths
 * this does not handle. (Residu and Convolve were rewritten the same way and measured no faster
 * than clang's vectorisation of the originals: not kept.) */
#include <string.h>
#include <wasm_simd128.h>
#include "pred_lt.h"
#include "syn_filt.h"
#include "cnst.h"
#include "basicop_malloc.h"

void lm_Syn_filt_c(Word16 a[], Word16 x[], Word16 y[], Word16 lg, Word16 mem[], Word16 update);
void lm_Pred_lt_3or6_c(Word16 exc[], Word16 T0, Word16 frac, Word16 L_subfr, Word16 flag3,
                       Flag *pOverflow);
extern const Word16 inter_6_pred_lt[];

#define MAX_LG 160

static inline int32_t sum4(v128_t v) {
  v = wasm_i32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  v = wasm_i32x4_add(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
  return wasm_i32x4_extract_lane(v, 0);
}

/* y[n] = sat16((0x800 + a[0] x[n] - sum_{j=1..10} a[j] y[n-j]) >> 12), with the C's own bounds
 * test (which sends s = 0x07ffffff to MIN_16). The products with y[n-10..n-3] are one dot
 * product over eight contiguous outputs, which do not depend on y[n-1] and y[n-2]. x may be y
 * (filtering in place): x[n] is read before y[n] is written, as in the C. */
void Syn_filt(Word16 a[], Word16 x[], Word16 y[], Word16 lg, Word16 mem[], Word16 update) {
  if (lg > MAX_LG || lg < M || (lg & 1)) {
    lm_Syn_filt_c(a, x, y, lg, mem, update);
    return;
  }
  Word16 buf[M + MAX_LG];
  memcpy(buf, mem, M * sizeof(Word16));
  const v128_t c = wasm_i16x8_make(a[10], a[9], a[8], a[7], a[6], a[5], a[4], a[3]);
  const int32_t a0 = a[0], a1 = a[1], a2 = a[2];
  for (int n = 0; n < lg; n++) {
    const Word16 *h = buf + n; /* h[k] = y[n - 10 + k] */
    int32_t far = sum4(wasm_i32x4_dot_i16x8(c, wasm_v128_load(h)));
    uint32_t s = 0x800u + (uint32_t)(x[n] * a0) - (uint32_t)far - (uint32_t)(a2 * h[8]) -
                 (uint32_t)(a1 * h[9]);
    Word16 t;
    if (s + 134217728u < 0x0fffffffu)
      t = (Word16)((int32_t)s >> 12);
    else if ((int32_t)s > 0x07ffffff)
      t = MAX_16;
    else
      t = MIN_16;
    buf[n + M] = t;
    y[n] = t;
  }
  if (update != 0) memcpy(mem, &y[lg - M], M * sizeof(Word16));
}



/* The adaptive codebook vector: exc[n] = (Word16)((0x4000 + sum_{i=0..9} x[n-i] c1[i]
 * + x[n+1+i] c2[i]) >> 15) with x = exc - T0 (one further back for a negative fraction) and
 * c1, c2 the C's two phases of the 1/6 interpolation filter, eight outputs a pass, a tap at a
 * time. The C writes exc in place, two outputs a step, each reading only values at least
 * T0 - 11 behind it; eight at a time read back up to T0 - 17, so lags below 18 (none in AMR's
 * modes, whose shortest is 18 at 12.2 kbit/s and 20 otherwise) go to the C. */
void Pred_lt_3or6(Word16 exc[], Word16 T0, Word16 frac, Word16 L_subfr, Word16 flag3,
                  Flag *pOverflow) {
  Word16 *x = &exc[-T0];
  int f = -frac;
  if (flag3 != 0) f <<= 1;
  if (f < 0) f += 6, x--;
  if (exc - x < 18 || L_subfr % 8 != 0) {
    lm_Pred_lt_3or6_c(exc, T0, frac, L_subfr, flag3, pOverflow);
    return;
  }
  v128_t c1[10], c2[10];
  for (int i = 0; i < 10; i++) {
    c1[i] = wasm_i16x8_splat(inter_6_pred_lt[f + 6 * i]);
    c2[i] = wasm_i16x8_splat(inter_6_pred_lt[6 - f + 6 * i]);
  }
  for (int n = 0; n < L_subfr; n += 8) {
    v128_t lo = wasm_i32x4_splat(0x4000), hi = lo;
    for (int i = 0; i < 10; i++) {
      v128_t a = wasm_v128_load(x + n - i), b = wasm_v128_load(x + n + 1 + i);
      lo = wasm_i32x4_add(lo, wasm_i32x4_extmul_low_i16x8(a, c1[i]));
      hi = wasm_i32x4_add(hi, wasm_i32x4_extmul_high_i16x8(a, c1[i]));
      lo = wasm_i32x4_add(lo, wasm_i32x4_extmul_low_i16x8(b, c2[i]));
      hi = wasm_i32x4_add(hi, wasm_i32x4_extmul_high_i16x8(b, c2[i]));
    }
    lo = wasm_i32x4_shr(lo, 15), hi = wasm_i32x4_shr(hi, 15);
    wasm_v128_store(exc + n, wasm_i8x16_shuffle(lo, hi, 0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21,
                                                24, 25, 28, 29));
  }
}
