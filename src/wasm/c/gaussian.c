/* The bulk standard-normal generator of src/dsp/gaussian.ts (xoshiro128** and Doornik's
 * ZIGNOR ziggurat, 256 layers) in WebAssembly: the same integer steps and the same IEEE double
 * arithmetic, each sample rounded to float32 as a Float32Array store rounds it. The rare path
 * (about 1.5 % of draws: the wedge test and the tail) calls Math.exp and Math.log of the
 * JavaScript engine, imported, so that its results are those of the TypeScript code bit for
 * bit (V8's fdlibm port, not wasi-libc's). The layer tables come from the caller, which
 * computes them as before.
 *
 * It also holds src/rng.ts's bulk Marsaglia polar pairs (a room's late field), the same next()
 * arithmetic in doubles, with Math.log imported for the same reason. */
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

/* One xoshiro128** output into w from the state in locals s0 … s3 (word()'s steps): the fill
 * loops keep the state in locals, so its chain of xors runs in registers. Passing the state
 * array to the rare path (which is not inlined) would keep it in memory for every draw, a
 * store and a load on the chain each time (~1.5 ns a sample); the rare path gets a copy. */
#define WORD(w, s0, s1, s2, s3)                                                          \
  do {                                                                                   \
    uint32_t t_ = s1 << 9;                                                               \
    w = (int32_t)(rotl(s1 * 5u, 7) * 9u);                                                \
    s2 ^= s0;                                                                            \
    s3 ^= s1;                                                                            \
    s1 ^= s2;                                                                            \
    s0 ^= s3;                                                                            \
    s2 ^= t_;                                                                            \
    s3 = rotl(s3, 11);                                                                   \
  } while (0)

/* One sample of the ziggurat into y (a double) from the state in locals (see WORD). */
#define DRAW(y, s0, s1, s2, s3, X, RATIO)                                                \
  do {                                                                                   \
    int32_t w_;                                                                          \
    WORD(w_, s0, s1, s2, s3);                                                            \
    int layer_ = w_ & 255;                                                               \
    double u_ = ((double)(w_ >> 8) + 0.5) * TWO_POW_MINUS_23;                            \
    if (__builtin_fabs(u_) < RATIO[layer_]) {                                            \
      y = u_ * X[layer_];                                                                \
    } else {                                                                             \
      uint32_t s_[4] = {s0, s1, s2, s3};                                                 \
      y = outside(u_, layer_, s_, X, RATIO);                                             \
      s0 = s_[0];                                                                        \
      s1 = s_[1];                                                                        \
      s2 = s_[2];                                                                        \
      s3 = s_[3];                                                                        \
    }                                                                                    \
  } while (0)

/* out[0 … n) standard normal; state = the four xoshiro128** words, advanced in place;
 * X = the 257 layer edges, RATIO = the 256 ratios X[i + 1] / X[i]. */
EXPORT(lm_gaussian_fill)
void lm_gaussian_fill(float *out, int n, uint32_t *state, const double *X, const double *RATIO) {
  uint32_t s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3];
  for (int i = 0; i < n; i++) {
    double y;
    DRAW(y, s0, s1, s2, s3, X, RATIO);
    out[i] = (float)y;
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}

/* lm_gaussian_fill, returning energy + Σ out[i]² in sample order (each float32 sample squared
 * and added in double, as fillGaussianWithEnergy's loop did): the sum's chain runs beside the
 * generator's, so a white bed's level costs no pass of its own. */
EXPORT(lm_gaussian_fill_energy)
double lm_gaussian_fill_energy(float *out, int n, uint32_t *state, const double *X,
                               const double *RATIO, double energy) {
  uint32_t s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3];
  for (int i = 0; i < n; i++) {
    double y;
    DRAW(y, s0, s1, s2, s3, X, RATIO);
    float f = (float)y;
    out[i] = f;
    double v = f;
    energy += v * v;
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
  return energy;
}

/* fdlibm's __ieee754_log (Sun Microsystems, 1993: "Permission to use, copy, modify, and
 * distribute this software is freely granted, provided that this notice is preserved"), the
 * algorithm V8's Math.log runs (src/base/ieee754.cc), in the same IEEE double operations: so
 * the same result bit for bit without a call out of the module per pair, which cost as much as
 * the rest of the loop. test/dsp/rng-polar-wasm.test.ts compares it with this engine's
 * Math.log. Only for 0 < x < 1 here (q of a polar pair); the other branches are kept whole. */
static inline double fd_log(double x) {
  static const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10,
                      two54 = 1.80143985094819840000e+16, Lg1 = 6.666666666666735130e-01,
                      Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
                      Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01,
                      Lg6 = 1.531383769920937332e-01, Lg7 = 1.479819860511658591e-01;
  uint64_t bits;
  __builtin_memcpy(&bits, &x, 8);
  int32_t hx = (int32_t)(bits >> 32);
  uint32_t lx = (uint32_t)bits;
  int32_t k = 0;
  if (hx < 0x00100000) { /* x < 2^-1022 */
    if (((hx & 0x7fffffff) | lx) == 0) return -two54 / 0.0; /* log(±0) = −∞ */
    if (hx < 0) return (x - x) / 0.0;                      /* log(−#) = NaN */
    k -= 54;
    x *= two54; /* subnormal: scale up */
    __builtin_memcpy(&bits, &x, 8);
    hx = (int32_t)(bits >> 32);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  int32_t i = (hx + 0x95f64) & 0x100000;
  bits = ((uint64_t)(uint32_t)(hx | (i ^ 0x3ff00000)) << 32) | (bits & 0xffffffffu);
  __builtin_memcpy(&x, &bits, 8); /* x or x/2, in [√2/2, √2) */
  k += (i >> 20);
  double f = x - 1.0;
  double dk, Rp;
  if ((0x000fffff & (2 + hx)) < 3) { /* −2^-20 ≤ f < 2^-20 */
    if (f == 0.0) {
      if (k == 0) return 0.0;
      dk = (double)k;
      return dk * ln2_hi + dk * ln2_lo;
    }
    Rp = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - Rp;
    dk = (double)k;
    return dk * ln2_hi - ((Rp - dk * ln2_lo) - f);
  }
  double s = f / (2.0 + f);
  dk = (double)k;
  double z = s * s;
  i = hx - 0x6147a;
  double w = z * z;
  int32_t j = 0x6b851 - hx;
  double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  i |= j;
  Rp = t2 + t1;
  /* fdlibm's four returns as two, chosen without a branch: where k = 0, dk·ln2_hi − ((a +
   * dk·ln2_lo) − f) is 0 − ((a + 0) − f) = f − a in IEEE arithmetic (x − y = −(y − x) under
   * round-to-nearest), so the k ≠ 0 form serves both. Which of i > 0 and k = 0 holds depends on
   * the random q: branches on them were mispredicted a third of the time. */
  double hfsq = 0.5 * f * f;
  double big = dk * ln2_hi - ((hfsq - (s * (hfsq + Rp) + dk * ln2_lo)) - f);
  double small = dk * ln2_hi - ((s * (f - Rp) - dk * ln2_lo) - f);
  return i > 0 ? big : small;
}

/* Math.log's results for a test to compare: out[i] = fd_log(x[i]). */
EXPORT(lm_log)
void lm_log(double *out, const double *x, int n) {
  for (int i = 0; i < n; i++) out[i] = fd_log(x[i]);
}

/* next() of src/rng.ts: 53 random bits from two draws, (a >>> 5) · 2^26 + (b >>> 6) over 2^53. */
static inline double next53(uint32_t *s) {
  uint32_t a = (uint32_t)word(s);
  uint32_t b = (uint32_t)word(s);
  return ((double)(a >> 5) * 67108864.0 + (double)(b >> 6)) / 9007199254740992.0;
}

/* out[0 … 2·pairs) ← Marsaglia polar pairs exactly as src/rng.ts's gaussian() draws them (u, v
 * uniform in (−1, 1) until 0 < u² + v² < 1; both scaled by √(−2 ln q / q)); q = room for
 * `pairs` doubles; state = the four xoshiro128** words, advanced in place. Two passes: the
 * draws and their rejections first, then the long chain of log, division and root, which the
 * core overlaps across pairs once no mispredicted branch cuts it. wasm32 has no fused
 * multiply-add, so u·u + v·v rounds twice, as in JavaScript; f64.sqrt is IEEE's correctly
 * rounded root, as Math.sqrt is. */
EXPORT(lm_polar_pairs)
void lm_polar_pairs(double *out, int pairs, double *qs, uint32_t *state) {
  uint32_t s[4] = {state[0], state[1], state[2], state[3]};
  /* Every candidate is stored and the index advances past the accepted ones only: no branch
   * on the (random) outcome of the test. */
  for (int i = 0; i < pairs;) {
    double u = 2 * next53(s) - 1;
    double v = 2 * next53(s) - 1;
    double q = u * u + v * v;
    out[2 * i] = u;
    out[2 * i + 1] = v;
    qs[i] = q;
    i += (q < 1) & (q != 0);
  }
  for (int k = 0; k < 4; k++) state[k] = s[k];
  for (int i = 0; i < pairs; i++) {
    double q = qs[i];
    double f = __builtin_sqrt((-2 * fd_log(q)) / q);
    out[2 * i] *= f;
    out[2 * i + 1] *= f;
  }
}

/* src/dsp/room.ts's shaping of a drawn late field, its loops in one call (in JavaScript they
 * were four passes of their own): ir[onset … n) ·= decay^i, summing their squares (the
 * envelope by repeated multiplication, as decayTail); then ·= √(late / Σ); ir[0] = 1; then
 * out = ir / √Σ ir² in float32 (normaliseEnergy). The same double operations in the same order,
 * so the same samples bit for bit. */
EXPORT(lm_room_shape)
void lm_room_shape(double *ir, float *out, int n, int onset, double decay, double late) {
  double env = 1, energy = 0;
  for (int i = onset; i < n; i++) {
    double v = ir[i] * env;
    ir[i] = v;
    energy += v * v;
    env *= decay;
  }
  double g = __builtin_sqrt(late / energy);
  for (int i = onset; i < n; i++) ir[i] *= g;
  ir[0] = 1;
  double e = 0;
  for (int i = 0; i < n; i++) e += ir[i] * ir[i];
  double scale = e > 0 ? 1 / __builtin_sqrt(e) : 0;
  for (int i = 0; i < n; i++) out[i] = (float)(ir[i] * scale);
}
