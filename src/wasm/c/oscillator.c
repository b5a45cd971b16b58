/* The tone generator of src/dsp/oscillator.ts (addBlock) in WebAssembly SIMD: four phasors,
 * one per sample of each group of four, each turned by 4w per step, added to a float32 block.
 * Two phasors share a 128-bit vector; every product and sum is the same IEEE double operation
 * as in the TypeScript loop it replaces, and each sum is rounded to float32 as a Float32Array
 * store rounds it, so the samples are bit-identical. The starting phasors and the rotation
 * (cos 4w, sin 4w) come from the caller, which computes them with Math.cos and Math.sin. */
#include <stdlib.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(lm_malloc) void *lm_malloc(size_t n) { return malloc(n); }
EXPORT(lm_free) void lm_free(void *p) { free(p); }

/* out[i] += s_(i mod 4) for i < count; ph = [c0, s0, c1, s1, c2, s2, c3, s3, c4, s4]. */
EXPORT(lm_add_tone)
void lm_add_tone(float *out, int count, const double *ph) {
  v128_t c01 = wasm_f64x2_make(ph[0], ph[2]), s01 = wasm_f64x2_make(ph[1], ph[3]);
  v128_t c23 = wasm_f64x2_make(ph[4], ph[6]), s23 = wasm_f64x2_make(ph[5], ph[7]);
  v128_t c4 = wasm_f64x2_splat(ph[8]), s4 = wasm_f64x2_splat(ph[9]);
  int i = 0;
  for (; i + 3 < count; i += 4) {
    v128_t x = wasm_v128_load(out + i);
    v128_t lo = wasm_f64x2_add(wasm_f64x2_promote_low_f32x4(x), s01);
    v128_t hi = wasm_f64x2_add(wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(x, x, 2, 3, 0, 1)), s23);
    v128_t y = wasm_i32x4_shuffle(wasm_f32x4_demote_f64x2_zero(lo), wasm_f32x4_demote_f64x2_zero(hi), 0, 1, 4, 5);
    wasm_v128_store(out + i, y);
    v128_t t = wasm_f64x2_sub(wasm_f64x2_mul(c01, c4), wasm_f64x2_mul(s01, s4));
    s01 = wasm_f64x2_add(wasm_f64x2_mul(s01, c4), wasm_f64x2_mul(c01, s4));
    c01 = t;
    t = wasm_f64x2_sub(wasm_f64x2_mul(c23, c4), wasm_f64x2_mul(s23, s4));
    s23 = wasm_f64x2_add(wasm_f64x2_mul(s23, c4), wasm_f64x2_mul(c23, s4));
    c23 = t;
  }
  /* The last block may end mid-group. */
  if (i < count) out[i] = (float)((double)out[i] + wasm_f64x2_extract_lane(s01, 0));
  if (i + 1 < count) out[i + 1] = (float)((double)out[i + 1] + wasm_f64x2_extract_lane(s01, 1));
  if (i + 2 < count) out[i + 2] = (float)((double)out[i + 2] + wasm_f64x2_extract_lane(s23, 0));
}
