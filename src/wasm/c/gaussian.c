/* The bulk standard-normal generator of src/dsp/gaussian.ts (xoshiro128** and Doornik's
 * ZIGNOR ziggurat, 256 layers) in WebAssembly: the same integer steps and the same IEEE double
 * arithmetic, each sample rounded to float32 as a Float32Array store rounds it. The rare path
 * (about 1.5 % of draws: the wedge test and the tail) calls Math.exp and Math.log of the
 * JavaScript engine, imported, so that its results are those of the TypeScript code bit for
 * bit (V8's fdlibm port, not wasi-libc's). The layer tables come from the caller, which
 * computes them as before. */
#include <stdint.h>
#include <stdlib.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define IMPORT(name) __attribute__((import_module("js"), import_name(#name)))

IMPORT(exp) double js_exp(double);
IMPORT(log) double js_log(double);

EXPORT(lm_malloc) void *lm_malloc(size_t n) { return malloc(n); }
EXPORT(lm_free) void lm_free(void *p) { free(p); }

#define R 3.6541528853610088
#define TWO_POW_32 4294967296.0
#define TWO_POW_MINUS_23 (1.0 / 8388608.0)

static inline uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

/* One xoshiro128** output (as a signed 32-bit integer), the state advanced. */
static inline int32_t word(uint32_t *s) {
  uint32_t result = rotl(s[1] * 5u, 7) * 9u;
  uint32_t t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return (int32_t)result;
}

/* Uniform in (0, 1), never 0. */
static double unit(uint32_t *s) { return ((double)(uint32_t)word(s) + 0.5) / TWO_POW_32; }

/* The draws outside their layer's box: the wedge test, the tail, or a fresh draw. */
static double outside(double u, int layer, uint32_t *s, const double *X, const double *RATIO) {
  for (;;) {
    if (layer == 0) {
      double x, y;
      do {
        x = js_log(unit(s)) / R;
        y = js_log(unit(s));
      } while (-2 * y < x * x);
      return u < 0 ? x - R : R - x;
    }
    double x = u * X[layer];
    double f0 = js_exp(-0.5 * (X[layer] * X[layer] - x * x));
    double f1 = js_exp(-0.5 * (X[layer + 1] * X[layer + 1] - x * x));
    if (f1 + unit(s) * (f0 - f1) < 1) return x;
    int32_t w = word(s);
    u = ((double)(w >> 8) + 0.5) * TWO_POW_MINUS_23;
    layer = w & 255;
    if (__builtin_fabs(u) < RATIO[layer]) return u * X[layer];
  }
}

/* out[0 … n) standard normal; state = the four xoshiro128** words, advanced in place;
 * X = the 257 layer edges, RATIO = the 256 ratios X[i + 1] / X[i]. */
EXPORT(lm_gaussian_fill)
void lm_gaussian_fill(float *out, int n, uint32_t *state, const double *X, const double *RATIO) {
  uint32_t s[4] = {state[0], state[1], state[2], state[3]};
  for (int i = 0; i < n; i++) {
    int32_t w = word(s);
    int layer = w & 255;
    double u = ((double)(w >> 8) + 0.5) * TWO_POW_MINUS_23;
    if (__builtin_fabs(u) < RATIO[layer]) {
      out[i] = (float)(u * X[layer]);
      continue;
    }
    out[i] = (float)outside(u, layer, s, X, RATIO);
  }
  for (int k = 0; k < 4; k++) state[k] = s[k];
}
