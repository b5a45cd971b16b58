/* Overlap-save convolution of src/dsp/fft-convolve.ts in WebAssembly SIMD. The transform is
 * fft.js's radix-4 (FFT.prototype.transform, v4.0.4) carried over operation for operation,
 * with one complex number (re, im) per 128-bit vector: every product, sum and difference is
 * the same IEEE double operation in the same order as in fft.js (a − b is computed as
 * a + (−b), exact; wasm has no fused multiply-add to contract into), so the results are
 * bit-identical to the TypeScript path it replaces. The twiddle table and the bit-reversal
 * pattern come from fft.js itself (copied in by the caller), so they are the same numbers too.
 *
 * The butterflies of one stage are independent, so a stage is run per block of `len` values
 * depth first: each block's sub-blocks are finished while they are still in cache, rather than
 * every stage sweeping the whole array (megabytes for a long room response). */
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

/* The filter's spectrum: h (m taps, already scaled by 1/size by the caller) into H. */
EXPORT(lm_fft_forward)
void lm_fft_forward(double *out, const double *data, const double *table, const int32_t *bitrev,
                    int size, int width) {
  transform(out, data, table, bitrev, size, width);
}

/* x[from, from + size) (zero outside [0, n)) into lane `part` of z. */
static void load(double *z, int part, const float *x, int n, int from, int size) {
  int lo = from < 0 ? (-from < size ? -from : size) : 0;
  int hi = n - from < size ? n - from : size;
  if (hi < lo) hi = lo;
  for (int i = 0; i < lo; i++) z[2 * i + part] = 0;
  for (int i = lo; i < hi; i++) z[2 * i + part] = x[from + i];
  for (int i = hi; i < size; i++) z[2 * i + part] = 0;
}

/* Z ← conj(Z · H): [Zr·Hr − Zi·Hi, −(Zr·Hi + Zi·Hr)], as fft-convolve.ts's multiplyConjugate. */
static void multiply_conjugate(double *Z, const double *H, int size) {
  for (int k = 0; k < 2 * size; k += 2) {
    v128_t z = wasm_v128_load(Z + k), h = wasm_v128_load(H + k);
    v128_t p1 = wasm_f64x2_mul(wasm_i64x2_shuffle(z, z, 0, 0), h);       /* Zr·Hr, Zr·Hi */
    v128_t p2 = wasm_f64x2_mul(wasm_i64x2_shuffle(z, z, 1, 1), swap(h)); /* Zi·Hi, Zi·Hr */
    v128_t s = wasm_f64x2_add(p1, wasm_v128_xor(p2, NEG_LO));
    wasm_v128_store(Z + k, wasm_v128_xor(s, NEG_HI));
  }
}

/* The first `outLength` samples of x * h by overlap-save, two blocks per complex transform
 * (see fft-convolve.ts); H is the filter's spectrum scaled by 1/size; zIn, Z, z are work
 * arrays of 2·size doubles. */
EXPORT(lm_fftconv)
void lm_fftconv(const float *x, int n, float *out, int outLength, const double *H, int m,
                const double *table, const int32_t *bitrev, int size, int width, double *zIn,
                double *Z, double *z) {
  int valid = size - m + 1;
  for (int start = 0; start < outLength; start += 2 * valid) {
    load(zIn, 0, x, n, start - m + 1, size);
    load(zIn, 1, x, n, start + valid - m + 1, size);
    transform(Z, zIn, table, bitrev, size, width);
    multiply_conjugate(Z, H, size);
    transform(z, Z, table, bitrev, size, width);
    const double *r = z + 2 * (m - 1);
    int nA = outLength - start < valid ? outLength - start : valid;
    int nB = outLength - start - valid < valid ? outLength - start - valid : valid;
    int i = 0;
    for (; i < nB; i++) {
      out[start + i] = (float)r[2 * i];
      out[start + valid + i] = (float)-r[2 * i + 1];
    }
    for (i = i > 0 ? i : 0; i < nA; i++) out[start + i] = (float)r[2 * i];
  }
}
