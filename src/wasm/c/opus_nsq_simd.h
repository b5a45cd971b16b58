/* Stands in for libopus 1.3.1's silk/NSQ.h in NSQ.c and NSQ_del_dec.c (scripts/build-codecs.sh
 * force-includes it there, so the original's include guard keeps it out): the same two hooks,
 * with the short-term prediction of the noise-shaping quantisers in WebAssembly SIMD, through
 * the arch-coefficient hook libopus has for its NEON version.
 *
 * Bit-exact with silk_noise_shape_quantizer_short_prediction_c: each tap there adds
 * silk_SMLAWB's floor(b * c / 65536), and with b = hi * 65536 + lo (hi = b >> 16, lo = b & 0xffff)
 * that is hi * c + floor(lo * c / 65536) exactly, both products fitting in 32 bits (|hi|,
 * |c| <= 32768; 0 <= lo < 65536). Integer sums do not depend on their order, so four lanes
 * summed at the end give the scalar loop's result bit for bit. */
#ifndef SILK_NSQ_H
#define SILK_NSQ_H

#include <wasm_simd128.h>
#include "SigProc_FIX.h"

/* Taps reversed and widened once per subframe: coef32[15 - k] goes with buf32[-k]; a
 * 10th-order predictor gets zeros for the six oldest taps. */
static OPUS_INLINE void lm_short_prediction_coef(opus_int32 *out, const opus_int16 *in,
                                                 opus_int order) {
  for (int k = 0; k < 16; k++) out[15 - k] = k < order ? in[k] : 0;
}
#define silk_short_prediction_create_arch_coef(out, in, order) \
  lm_short_prediction_coef(out, in, order)

/* buf32[-15 … 0] is always inside the state buffer (NSQ_LPC_BUF_LENGTH = 16 samples of history
 * precede the first output), as for the NEON version. */
static OPUS_INLINE opus_int32 lm_short_prediction(const opus_int32 *buf32,
                                                  const opus_int32 *coef32, opus_int order) {
  const opus_int32 *b = buf32 - 15;
  const v128_t low16 = wasm_i32x4_splat(0xffff);
  v128_t acc = wasm_i32x4_splat(0);
  for (int m = 0; m < 16; m += 4) {
    v128_t x = wasm_v128_load(b + m);
    v128_t c = wasm_v128_load(coef32 + m);
    v128_t hi = wasm_i32x4_mul(wasm_i32x4_shr(x, 16), c);
    v128_t lo = wasm_i32x4_shr(wasm_i32x4_mul(wasm_v128_and(x, low16), c), 16);
    acc = wasm_i32x4_add(acc, wasm_i32x4_add(hi, lo));
  }
  return silk_RSHIFT(order, 1) + wasm_i32x4_extract_lane(acc, 0) +
         wasm_i32x4_extract_lane(acc, 1) + wasm_i32x4_extract_lane(acc, 2) +
         wasm_i32x4_extract_lane(acc, 3);
}
#define silk_noise_shape_quantizer_short_prediction(in, coef, coefRev, order, arch) \
  ((void)(arch), (void)(coef), lm_short_prediction(in, coefRev, order))

/* Unchanged from NSQ.h (the unwarped shaping filter of NSQ.c): a serial recursion. */
static OPUS_INLINE opus_int32 silk_NSQ_noise_shape_feedback_loop_c(const opus_int32 *data0,
                                                                   opus_int32 *data1,
                                                                   const opus_int16 *coef,
                                                                   opus_int order) {
  opus_int32 out;
  opus_int32 tmp1, tmp2;
  opus_int j;

  tmp2 = data0[0];
  tmp1 = data1[0];
  data1[0] = tmp2;

  out = silk_RSHIFT(order, 1);
  out = silk_SMLAWB(out, tmp2, coef[0]);

  for (j = 2; j < order; j += 2) {
    tmp2 = data1[j - 1];
    data1[j - 1] = tmp1;
    out = silk_SMLAWB(out, tmp1, coef[j - 1]);
    tmp1 = data1[j + 0];
    data1[j + 0] = tmp2;
    out = silk_SMLAWB(out, tmp2, coef[j]);
  }
  data1[order - 1] = tmp1;
  out = silk_SMLAWB(out, tmp1, coef[order - 1]);
  /* Q11 -> Q12 */
  out = silk_LSHIFT32(out, 1);
  return out;
}
#define silk_NSQ_noise_shape_feedback_loop(data0, data1, coef, order, arch) \
  ((void)(arch), silk_NSQ_noise_shape_feedback_loop_c(data0, data1, coef, order))

#endif
