/* The similarity search of src/dsp/wsola.ts in WebAssembly SIMD: the candidate whose samples
 * correlate best with the target's. The caller passes decimated copies for the coarse pass,
 * so both passes are contiguous dot products. */
#include <wasm_simd128.h>
#include <stdlib.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(lm_malloc) void *lm_malloc(size_t n) { return malloc(n); }
EXPORT(lm_free) void lm_free(void *p) { free(p); }

/* Σ a[i]·b[i] over i < length, in four lanes. */
static float dot(const float *a, const float *b, int length) {
  v128_t s0 = wasm_f32x4_splat(0), s1 = s0;
  int i = 0;
  for (; i + 8 <= length; i += 8) {
    s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
    s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_v128_load(a + i + 4), wasm_v128_load(b + i + 4)));
  }
  v128_t s = wasm_f32x4_add(s0, s1);
  float r = wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1) +
            wasm_f32x4_extract_lane(s, 2) + wasm_f32x4_extract_lane(s, 3);
  for (; i < length; i++) r += a[i] * b[i];
  return r;
}

/* The k in [0, count) maximising dot(a, b + k, length); ties keep the smallest k. */
EXPORT(lm_wsola_best)
int lm_wsola_best(const float *a, const float *b, int count, int length) {
  int best = 0;
  float bestS = -__builtin_inff();
  for (int k = 0; k < count; k++) {
    float s = dot(a, b + k, length);
    if (s > bestS) {
      bestS = s;
      best = k;
    }
  }
  return best;
}
