/* libopus 1.3.1's silk_warped_autocorrelation_FLP (silk/float/warped_autocorrelation_FLP.c,
 * which scripts/build-codecs.sh leaves out for this file), two samples at a time in WebAssembly
 * SIMD, bit-identical.
 *
 * The original runs, per sample n, a chain of allpass sections over the taps i:
 *   t[n][0] = x[n],  t[n][i+1] = t[n-1][i] + w * (t[n-1][i+1] - t[n][i]),
 *   C[i] += x[n] * t[n][i],
 * each step waiting on the one before. Sample n+1's step i needs only t[n][i-1], t[n][i] and
 * its own step i-1, so it can run one step behind sample n: lane 0 computes t[n][j+1] while
 * lane 1 computes t[n+1][j]. Every value is the same double operation on the same operands as
 * in the original (no sum is reassociated), and each C[i] still adds sample n's product before
 * sample n+1's, so the output is the same to the bit. */
#include <wasm_simd128.h>
#include "main_FLP.h"

void silk_warped_autocorrelation_FLP(silk_float *corr, const silk_float *input,
                                     const silk_float warping, const opus_int length,
                                     const opus_int order) {
  opus_int n, i;
  /* t[n-1][i]; during a pair of samples, entries below the step in progress already hold
   * t[n+1][i], which is what the next pair needs. */
  double state[MAX_SHAPE_LPC_ORDER + 1] = {0};
  double C[MAX_SHAPE_LPC_ORDER + 1] = {0};
  double cur[MAX_SHAPE_LPC_ORDER + 1]; /* t[n][i] */
  const double wd = warping;
  const v128_t w = wasm_f64x2_splat(wd);

  celt_assert((order & 1) == 0);

  for (n = 0; n + 1 < length; n += 2) {
    const double xa = input[n], xb = input[n + 1];
    const v128_t x = wasm_f64x2_make(xa, xb);
    /* Step 0: lane 0 computes t[n][1]; t[n+1][0] is the input. */
    cur[0] = xa;
    C[0] += xa * xa;
    cur[1] = state[0] + wd * (state[1] - xa);
    C[1] += xa * cur[1];
    C[0] += xb * xb;
    state[0] = xb;
    /* r = (t[n][j+1], t[n+1][j]) = (t[n-1][j], t[n][j-1])
     *                               + w * ((t[n-1][j+1], t[n][j]) - (t[n][j], t[n+1][j-1])) */
    v128_t r = wasm_f64x2_make(cur[1], xb);
    for (i = 1; i < order; i++) {
      const v128_t a = wasm_f64x2_make(state[i], cur[i - 1]);
      const v128_t b = wasm_f64x2_make(state[i + 1], cur[i]);
      r = wasm_f64x2_add(a, wasm_f64x2_mul(w, wasm_f64x2_sub(b, r)));
      const v128_t p = wasm_f64x2_mul(x, r);
      cur[i + 1] = wasm_f64x2_extract_lane(r, 0);
      state[i] = wasm_f64x2_extract_lane(r, 1);
      C[i + 1] += wasm_f64x2_extract_lane(p, 0);
      C[i] += wasm_f64x2_extract_lane(p, 1);
    }
    /* Step `order`: lane 1 alone, t[n+1][order]. */
    state[order] = cur[order - 1] + wd * (cur[order] - wasm_f64x2_extract_lane(r, 1));
    C[order] += xb * state[order];
  }
  for (; n < length; n++) { /* an odd last sample: the original loop */
    double tmp1 = input[n], tmp2;
    for (i = 0; i < order; i += 2) {
      tmp2 = state[i] + wd * (state[i + 1] - tmp1);
      state[i] = tmp1;
      C[i] += state[0] * tmp1;
      tmp1 = state[i + 1] + wd * (state[i + 2] - tmp2);
      state[i + 1] = tmp2;
      C[i + 1] += state[0] * tmp2;
    }
    state[order] = tmp1;
    C[order] += state[0] * tmp1;
  }

  for (i = 0; i < order + 1; i++) corr[i] = (silk_float)C[i];
}
