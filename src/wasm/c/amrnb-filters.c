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
#include "syn_filt.h"
#include "cnst.h"
#include "basicop_malloc.h"

void lm_Syn_filt_c(Word16 a[], Word16 x[], Word16 y[], Word16 lg, Word16 mem[], Word16 update);

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


