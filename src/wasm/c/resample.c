/* The inner loop of src/dsp/resample.ts in WebAssembly SIMD: output i is the dot product of
 * `width` input samples starting at base(i) - half + 1 with row phase(i) of the phase table,
 * where i·M/L = base + phase/L. The input is zero-padded by the caller so no read needs a
 * bounds test; `width` is a multiple of 4 (the table rows are zero-padded). */
#include <wasm_simd128.h>
#include <stdlib.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(lm_malloc) void *lm_malloc(size_t n) { return malloc(n); }
EXPORT(lm_free) void lm_free(void *p) { free(p); }

/* x points at input sample 0 (readable from x[-pad]); outputs [from, to). */
EXPORT(lm_resample)
void lm_resample(const float *x, float *out, int from, int to, const float *taps, int width,
                 int half, int L, int M) {
  long long pos = (long long)from * M;
  int base = (int)(pos / L);
  int phase = (int)(pos - (long long)base * L);
  const int whole = M / L;
  const int rest = M - whole * L;
  for (int i = from; i < to; i++) {
    const float *a = x + base - half + 1;
    const float *h = taps + phase * width;
    v128_t s0 = wasm_f32x4_splat(0), s1 = s0;
    int k = 0;
    for (; k + 8 <= width; k += 8) {
      s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a + k), wasm_v128_load(h + k)));
      s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_v128_load(a + k + 4), wasm_v128_load(h + k + 4)));
    }
    if (k < width)
      s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a + k), wasm_v128_load(h + k)));
    v128_t s = wasm_f32x4_add(s0, s1);
    out[i - from] = wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1) +
                    wasm_f32x4_extract_lane(s, 2) + wasm_f32x4_extract_lane(s, 3);
    base += whole;
    phase += rest;
    if (phase >= L) {
      phase -= L;
      base++;
    }
  }
}
