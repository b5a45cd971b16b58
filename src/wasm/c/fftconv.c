/* Overlap-save convolution of src/dsp/fft-convolve.ts in WebAssembly SIMD. The transform is
 * fft.js's radix-4 (FFT.prototype.transform, v4.0.4) carried over operation for operation:
 * every product, sum and difference is the same IEEE double operation in the same order as in
 * fft.js (a − b may be computed as a + (−b), which is exact; wasm has no fused multiply-add to
 * contract into), so the results are bit-identical to the TypeScript path it replaced. The
 * twiddle table and bit-reversal pattern are computed by the caller as fft.js computes them.
 *
 * The filter's spectrum is one transform with a complex number per 128-bit vector; the signal
 * blocks go two transforms at a time, one per vector lane (the "dual" functions), where a
 * complex product needs no shuffles. The butterflies of one stage are independent, so stages
 * run depth first per block: a block's sub-blocks are finished while they are still in cache,
 * rather than every stage sweeping the whole array (megabytes for a long room response). */
#include <stdint.h>
#include <stdlib.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(lm_malloc) void *lm_malloc(size_t n) { return malloc(n); }
EXPORT(lm_free) void lm_free(void *p) { free(p); }

/* [-0.0, 0.0] and [0.0, -0.0]: xor flips the sign of one lane, an exact negation. */
#define NEG_LO wasm_f64x2_make(-0.0, 0.0)
#define NEG_HI wasm_f64x2_make(0.0, -0.0)

static inline v128_t swap(v128_t v) { return wasm_i64x2_shuffle(v, v, 1, 0); }

/* [Br·tr − Bi·ti, Br·ti + Bi·tr] for B = [Br, Bi], t = [tr, ti] (fft.js's MB, MC, MD). */
static inline v128_t twiddle(v128_t b, v128_t t) {
  v128_t p1 = wasm_f64x2_mul(b, wasm_i64x2_shuffle(t, t, 0, 0));       /* Br·tr, Bi·tr */
  v128_t p2 = wasm_f64x2_mul(swap(b), wasm_i64x2_shuffle(t, t, 1, 1)); /* Bi·ti, Br·ti */
  return wasm_f64x2_add(p1, wasm_v128_xor(p2, NEG_LO));
}

/* The radix-4 butterfly on A, MB, MC, MD (fft.js's "pre-final" and "final" values). */
static inline void butterfly(v128_t *a, v128_t *b, v128_t *c, v128_t *d, v128_t A, v128_t MB,
                             v128_t MC, v128_t MD) {
  v128_t T0 = wasm_f64x2_add(A, MC);
  v128_t T1 = wasm_f64x2_sub(A, MC);
  v128_t T2 = wasm_f64x2_add(MB, MD);
  v128_t T3 = wasm_f64x2_sub(MB, MD);
  v128_t S = wasm_v128_xor(swap(T3), NEG_HI); /* [T3i, −T3r] */
  *a = wasm_f64x2_add(T0, T2);
  *b = wasm_f64x2_add(T1, S); /* [T1r + T3i, T1i − T3r] */
  *c = wasm_f64x2_sub(T0, T2);
  *d = wasm_f64x2_sub(T1, S); /* [T1r − T3i, T1i + T3r] */
}

typedef struct {
  double *out;
  const double *table;
  int csize; /* doubles: 2 · complex size */
} plan;

/* The stages above the first on the block out[off, off + len) (len in doubles), depth first:
 * the four quarter blocks are completed, then combined. `first` is the first step's len. */
static void stages(const plan *p, int off, int len, int first) {
  if (len <= first) return;
  int quarter = len >> 2;
  if (quarter > first)
    for (int q = 0; q < 4; q++) stages(p, off + q * quarter, quarter, first);
  int step = p->csize / (len >> 1); /* fft.js: len = (size / step) << 1 */
  double *out = p->out;
  const double *table = p->table;
  for (int i = off, k = 0; i < off + quarter; i += 2, k += step) {
    double *A = out + i, *B = A + quarter, *C = B + quarter, *D = C + quarter;
    v128_t MB = twiddle(wasm_v128_load(B), wasm_v128_load(table + k));
    v128_t MC = twiddle(wasm_v128_load(C), wasm_v128_load(table + 2 * k));
    v128_t MD = twiddle(wasm_v128_load(D), wasm_v128_load(table + 3 * k));
    v128_t a, b, c, d;
    butterfly(&a, &b, &c, &d, wasm_v128_load(A), MB, MC, MD);
    wasm_v128_store(A, a);
    wasm_v128_store(B, b);
    wasm_v128_store(C, c);
    wasm_v128_store(D, d);
  }
}

/* fft.js transform(out, data), forward, for `size` complex points. */
static void transform(double *out, const double *data, const double *table, const int32_t *bitrev,
                      int size, int width) {
  int csize = size << 1;
  int step = 1 << width;
  int len = (csize / step) << 1;
  if (len == 4) {
    for (int outOff = 0, t = 0; outOff < csize; outOff += len, t++) {
      const double *e = data + bitrev[t];
      v128_t even = wasm_v128_load(e), odd = wasm_v128_load(e + step);
      wasm_v128_store(out + outOff, wasm_f64x2_add(even, odd));
      wasm_v128_store(out + outOff + 2, wasm_f64x2_sub(even, odd));
    }
  } else {
    for (int outOff = 0, t = 0; outOff < csize; outOff += len, t++) {
      const double *e = data + bitrev[t];
      v128_t a, b, c, d;
      butterfly(&a, &b, &c, &d, wasm_v128_load(e), wasm_v128_load(e + step),
                wasm_v128_load(e + 2 * step), wasm_v128_load(e + 3 * step));
      double *o = out + outOff;
      wasm_v128_store(o, a);
      wasm_v128_store(o + 2, b);
      wasm_v128_store(o + 4, c);
      wasm_v128_store(o + 6, d);
    }
  }
  plan p = {out, table, csize};
  stages(&p, 0, csize, len);
}

/* Two transforms at once, one per vector lane ("dual" buffers): point j of both is the
 * vectors re = [re_A, re_B] at 4j and im = [im_A, im_B] at 4j + 2. Each lane does exactly
 * fft.js's operations, and a complex product needs no shuffles this way (the twiddle factor
 * is the same for both lanes), so two transforms cost about what one did above. */
typedef struct {
  double *out;
  const double *table;
  int csize;
} dual_plan;

static inline void dual_butterfly(double *a, double *b, double *c, double *d, v128_t Ar, v128_t Ai,
                                  v128_t MBr, v128_t MBi, v128_t MCr, v128_t MCi, v128_t MDr,
                                  v128_t MDi) {
  v128_t T0r = wasm_f64x2_add(Ar, MCr), T0i = wasm_f64x2_add(Ai, MCi);
  v128_t T1r = wasm_f64x2_sub(Ar, MCr), T1i = wasm_f64x2_sub(Ai, MCi);
  v128_t T2r = wasm_f64x2_add(MBr, MDr), T2i = wasm_f64x2_add(MBi, MDi);
  v128_t T3r = wasm_f64x2_sub(MBr, MDr), T3i = wasm_f64x2_sub(MBi, MDi);
  wasm_v128_store(a, wasm_f64x2_add(T0r, T2r));
  wasm_v128_store(a + 2, wasm_f64x2_add(T0i, T2i));
  wasm_v128_store(b, wasm_f64x2_add(T1r, T3i));
  wasm_v128_store(b + 2, wasm_f64x2_sub(T1i, T3r));
  wasm_v128_store(c, wasm_f64x2_sub(T0r, T2r));
  wasm_v128_store(c + 2, wasm_f64x2_sub(T0i, T2i));
  wasm_v128_store(d, wasm_f64x2_sub(T1r, T3i));
  wasm_v128_store(d + 2, wasm_f64x2_add(T1i, T3r));
}

/* [Br·tr − Bi·ti, Br·ti + Bi·tr] on both lanes, t = table[k], table[k + 1]. */
#define DUAL_TWIDDLE(Mr, Mi, P, t)                                                       \
  do {                                                                                   \
    v128_t r_ = wasm_v128_load(P), i_ = wasm_v128_load((P) + 2);                         \
    v128_t tr_ = wasm_f64x2_splat((t)[0]), ti_ = wasm_f64x2_splat((t)[1]);               \
    Mr = wasm_f64x2_sub(wasm_f64x2_mul(r_, tr_), wasm_f64x2_mul(i_, ti_));               \
    Mi = wasm_f64x2_add(wasm_f64x2_mul(r_, ti_), wasm_f64x2_mul(i_, tr_));               \
  } while (0)

/* As stages(), on dual buffers: off and len count complex points. */
static void dual_stages(const dual_plan *p, int off, int len, int first) {
  if (len <= first) return;
  int quarter = len >> 2;
  if (quarter > first)
    for (int q = 0; q < 4; q++) dual_stages(p, off + q * quarter, quarter, first);
  int step = p->csize / len; /* fft.js's step (in doubles) for a block of len points */
  const double *table = p->table;
  for (int j = off, k = 0; j < off + quarter; j++, k += step) {
    double *A = p->out + 4 * j, *B = A + 4 * quarter, *C = B + 4 * quarter, *D = C + 4 * quarter;
    v128_t MBr, MBi, MCr, MCi, MDr, MDi;
    DUAL_TWIDDLE(MBr, MBi, B, table + k);
    DUAL_TWIDDLE(MCr, MCi, C, table + 2 * k);
    DUAL_TWIDDLE(MDr, MDi, D, table + 3 * k);
    dual_butterfly(A, B, C, D, wasm_v128_load(A), wasm_v128_load(A + 2), MBr, MBi, MCr, MCi, MDr,
                   MDi);
  }
}

/* fft.js transform(out, data) on both lanes of dual buffers, `size` complex points each. */
static void dual_transform(double *out, const double *data, const double *table,
                           const int32_t *bitrev, int size, int width) {
  int csize = size << 1;
  int step = 1 << width;       /* doubles, in fft.js's interleaved terms */
  int len = (csize / step) << 1; /* likewise */
  int cstep = step >> 1;       /* complex points */
  if (len == 4) {
    for (int o = 0, t = 0; o < size; o += 2, t++) {
      const double *e = data + 2 * bitrev[t], *f = e + 4 * cstep;
      v128_t er = wasm_v128_load(e), ei = wasm_v128_load(e + 2);
      v128_t fr = wasm_v128_load(f), fi = wasm_v128_load(f + 2);
      double *a = out + 4 * o;
      wasm_v128_store(a, wasm_f64x2_add(er, fr));
      wasm_v128_store(a + 2, wasm_f64x2_add(ei, fi));
      wasm_v128_store(a + 4, wasm_f64x2_sub(er, fr));
      wasm_v128_store(a + 6, wasm_f64x2_sub(ei, fi));
    }
  } else {
    for (int o = 0, t = 0; o < size; o += 4, t++) {
      const double *e = data + 2 * bitrev[t];
      const double *f = e + 4 * cstep, *g = f + 4 * cstep, *h = g + 4 * cstep;
      double *a = out + 4 * o;
      dual_butterfly(a, a + 4, a + 8, a + 12, wasm_v128_load(e), wasm_v128_load(e + 2),
                     wasm_v128_load(f), wasm_v128_load(f + 2), wasm_v128_load(g),
                     wasm_v128_load(g + 2), wasm_v128_load(h), wasm_v128_load(h + 2));
    }
  }
  dual_plan p = {out, table, csize};
  dual_stages(&p, 0, size, len >> 1);
}

/* The filter's spectrum: h (m taps, already scaled by 1/size by the caller) into H. */
EXPORT(lm_fft_forward)
void lm_fft_forward(double *out, const double *data, const double *table, const int32_t *bitrev,
                    int size, int width) {
  transform(out, data, table, bitrev, size, width);
}

/* Signal samples [from, from + size) into the doubles z[4i + part], i < size. The window x
 * holds samples [x0, x1) of the signal (x[0] is sample x0); the caller makes it cover every
 * sample of the signal a block needs, so samples outside it are outside the signal: zeros. */
static void load(double *z, int part, const float *x, int x0, int x1, int from, int size) {
  int lo = x0 - from;
  lo = lo < 0 ? 0 : lo > size ? size : lo;
  int hi = x1 - from < size ? x1 - from : size;
  if (hi < lo) hi = lo;
  for (int i = 0; i < lo; i++) z[4 * i + part] = 0;
  for (int i = lo; i < hi; i++) z[4 * i + part] = x[from + i - x0];
  for (int i = hi; i < size; i++) z[4 * i + part] = 0;
}

/* Z ← conj(Z · H) on both lanes: [Zr·Hr − Zi·Hi, −(Zr·Hi + Zi·Hr)], as fft-convolve.ts's
 * multiplyConjugate did; H is one (interleaved) spectrum. */
static void multiply_conjugate(double *Z, const double *H, int size) {
  for (int j = 0; j < size; j++) {
    v128_t zr = wasm_v128_load(Z + 4 * j), zi = wasm_v128_load(Z + 4 * j + 2);
    v128_t hr = wasm_f64x2_splat(H[2 * j]), hi = wasm_f64x2_splat(H[2 * j + 1]);
    v128_t re = wasm_f64x2_sub(wasm_f64x2_mul(zr, hr), wasm_f64x2_mul(zi, hi));
    v128_t im = wasm_f64x2_add(wasm_f64x2_mul(zr, hi), wasm_f64x2_mul(zi, hr));
    wasm_v128_store(Z + 4 * j, re);
    wasm_v128_store(Z + 4 * j + 2, wasm_f64x2_neg(im));
  }
}

/* Outputs [at, at + valid) from the real part of lane `lane`, the next `valid` from minus its
 * imaginary part, cut at outLength; out[0] is output o0. r points at the first valid point. */
static void store(float *out, int o0, int outLength, int at, int valid, const double *r, int lane) {
  int nA = outLength - at < valid ? outLength - at : valid;
  int nB = outLength - at - valid < valid ? outLength - at - valid : valid;
  float *o = out + (at - o0);
  int i = 0;
  for (; i < nB; i++) {
    o[i] = (float)r[4 * i + lane];
    o[valid + i] = (float)-r[4 * i + 2 + lane];
  }
  for (i = i > 0 ? i : 0; i < nA; i++) o[i] = (float)r[4 * i + lane];
}

/* Outputs [o0, o1) (o0 a multiple of 4·valid) of x * h, cut at outLength, by overlap-save (see
 * fft-convolve.ts): two blocks per complex transform (its real and imaginary parts), two
 * transforms per pass (the vector lanes), so four blocks of valid = size − m + 1 outputs per
 * pass. x holds signal samples [x0, x1) (see load); out[0] receives output o0. H is the
 * filter's spectrum scaled by 1/size; zIn, Z, z are work arrays of 4·size doubles. */
EXPORT(lm_fftconv)
void lm_fftconv(const float *x, int x0, int x1, float *out, int o0, int o1, int outLength,
                const double *H, int m, const double *table, const int32_t *bitrev, int size,
                int width, double *zIn, double *Z, double *z) {
  int valid = size - m + 1;
  if (o1 > outLength) o1 = outLength;
  for (int start = o0; start < o1; start += 4 * valid) {
    int second = start + 2 * valid; /* the lane-B pair; past the end it is all zeros */
    int live = second < o1;
    load(zIn, 0, x, x0, x1, start - m + 1, size);
    load(zIn, 2, x, x0, x1, start + valid - m + 1, size);
    load(zIn, 1, x, live ? x0 : 0, live ? x1 : 0, second - m + 1, size);
    load(zIn, 3, x, live ? x0 : 0, live ? x1 : 0, second + valid - m + 1, size);
    dual_transform(Z, zIn, table, bitrev, size, width);
    multiply_conjugate(Z, H, size);
    dual_transform(z, Z, table, bitrev, size, width);
    store(out, o0, o1, start, valid, z + 4 * (m - 1), 0);
    if (live) store(out, o0, o1, second, valid, z + 4 * (m - 1), 1);
  }
}

/* max(peak, max |x[i]|) over i < n, as the pipeline's level check takes it (a NaN sample is
 * passed over, as `if (a > max) max = a` passes it over): the convolution's output window is
 * measured while it is in cache, so the check needs no pass over the clip of its own. */
EXPORT(lm_peak)
double lm_peak(const float *x, int n, double peak) {
  float m = (float)peak;
  v128_t acc = wasm_f32x4_splat(m);
  int i = 0;
  for (; i + 3 < n; i += 4) acc = wasm_f32x4_pmax(acc, wasm_f32x4_abs(wasm_v128_load(x + i)));
  float lanes[4];
  wasm_v128_store(lanes, acc);
  for (int k = 0; k < 4; k++)
    if (lanes[k] > m) m = lanes[k];
  for (; i < n; i++) {
    float a = __builtin_fabsf(x[i]);
    if (a > m) m = a;
  }
  return m;
}
