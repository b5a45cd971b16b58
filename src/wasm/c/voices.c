/* Babble's talker sum (perturbations/babble.ts) in WebAssembly SIMD: for each sample, in voice
 * order, sum = (float)((double)sum + g_v * (double)x_v), i.e. each talker's product and sum in
 * IEEE double and the sum rounded to float32 after every talker, as the TypeScript loop it
 * replaces did (a Float32Array store rounds as the float cast does, and wasm32 has no fused
 * multiply-add to contract into), so the samples are bit-identical. Two samples share a
 * 128-bit vector. The sum of squares is then taken in sample order in double, as rms() takes
 * it. The talkers' samples sit in this module's memory for the call (their loop bodies or the
 * stretch of their clip that is read), so nothing is copied per block. */
#include <stdlib.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(lm_malloc) void *lm_malloc(size_t n) { return malloc(n); }
EXPORT(lm_free) void lm_free(void *p) { free(p); }

/* One talker: samples x[0 … length), read from x[pos] on and around the loop. */
typedef struct {
  const float *x;
  int length;
  int pos;
  double g;
} voice;

EXPORT(lm_voice_size) int lm_voice_size(void) { return sizeof(voice); }

/* s[k] = (float)((double)s[k] + g * (double)x[k]) for k < n. */
static void add_scaled(float *s, const float *x, int n, double g) {
  v128_t gg = wasm_f64x2_splat(g);
  int k = 0;
  for (; k + 3 < n; k += 4) {
    v128_t a = wasm_v128_load(s + k);
    v128_t b = wasm_v128_load(x + k);
    v128_t lo = wasm_f64x2_add(wasm_f64x2_promote_low_f32x4(a),
                               wasm_f64x2_mul(gg, wasm_f64x2_promote_low_f32x4(b)));
    v128_t hi = wasm_f64x2_add(wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(a, a, 2, 3, 0, 1)),
                               wasm_f64x2_mul(gg, wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(b, b, 2, 3, 0, 1))));
    wasm_v128_store(s + k, wasm_i32x4_shuffle(wasm_f32x4_demote_f64x2_zero(lo),
                                              wasm_f32x4_demote_f64x2_zero(hi), 0, 1, 4, 5));
  }
  for (; k < n; k++) s[k] = (float)((double)s[k] + g * (double)x[k]);
}

#define BLOCK 4096

/* out[0 … count) = Σ over voices v[0 … nv) as above, a block at a time (the block stays in
 * cache while every voice is added to it); each voice's pos is advanced. Returns
 * acc + Σ out[k]², summed in order. */
EXPORT(lm_sum_voices)
double lm_sum_voices(float *out, int count, voice *v, int nv, double acc) {
  for (int start = 0; start < count; start += BLOCK) {
    int end = start + BLOCK < count ? start + BLOCK : count;
    float *s = out + start;
    int m = end - start;
    for (int k = 0; k < m; k++) s[k] = 0.0f;
    for (int j = 0; j < nv; j++) {
      voice *t = v + j;
      for (int i = 0; i < m;) {
        int take = t->length - t->pos;
        if (take > m - i) take = m - i;
        add_scaled(s + i, t->x + t->pos, take, t->g);
        i += take;
        t->pos += take;
        if (t->pos == t->length) t->pos = 0;
      }
    }
    for (int k = 0; k < m; k++) acc += (double)s[k] * (double)s[k];
  }
  return acc;
}
