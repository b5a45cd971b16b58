/* Overlap-save convolution of src/dsp/fft-convolve.ts in WebAssembly SIMD, in float32: four
 * complex transforms at once, one per lane of an f32x4 vector, each lane doing fft.js's radix-4
 * (FFT.prototype.transform, v4.0.4) in fft.js's order. A complex product needs no shuffles this
 * way (the twiddle factor is the same for every lane), so four transforms cost what one did with
 * a complex number per vector. Each transform carries two real blocks (its real and imaginary
 * parts), so a pass filters eight blocks — or six and the filter itself, whose spectrum comes
 * out of the fourth lane of the first pass.
 *
 * The butterflies of one stage are independent, so stages run depth first per block: a block's
 * sub-blocks are finished while they are still in cache, rather than every stage sweeping the
 * whole array. Float32 against the double precision of fft.js: the output differs by float32
 * rounding of the transforms, about 10⁻⁶ of the signal's level (test/dsp/fft-convolve-wasm.test.ts
 * measures it against fft.js and a direct convolution in double precision). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(lm_malloc) void *lm_malloc(size_t n) { return malloc(n); }
EXPORT(lm_free) void lm_free(void *p) { free(p); }

/* Quad buffers: point j of the four transforms is the vectors re = [re_0 .. re_3] at 8j and
 * im = [im_0 .. im_3] at 8j + 4. */
typedef struct {
  float *out;
  const float *table; /* fft.js's table: e^(−iπj/size) for even j at [j, j + 1] */
  int csize;          /* 2 · size, fft.js's interleaved length */
} plan;

static inline void butterfly(float *a, float *b, float *c, float *d, v128_t Ar, v128_t Ai,
                             v128_t MBr, v128_t MBi, v128_t MCr, v128_t MCi, v128_t MDr,
                             v128_t MDi) {
  v128_t T0r = wasm_f32x4_add(Ar, MCr), T0i = wasm_f32x4_add(Ai, MCi);
  v128_t T1r = wasm_f32x4_sub(Ar, MCr), T1i = wasm_f32x4_sub(Ai, MCi);
  v128_t T2r = wasm_f32x4_add(MBr, MDr), T2i = wasm_f32x4_add(MBi, MDi);
  v128_t T3r = wasm_f32x4_sub(MBr, MDr), T3i = wasm_f32x4_sub(MBi, MDi);
  wasm_v128_store(a, wasm_f32x4_add(T0r, T2r));
  wasm_v128_store(a + 4, wasm_f32x4_add(T0i, T2i));
  wasm_v128_store(b, wasm_f32x4_add(T1r, T3i));
  wasm_v128_store(b + 4, wasm_f32x4_sub(T1i, T3r));
  wasm_v128_store(c, wasm_f32x4_sub(T0r, T2r));
  wasm_v128_store(c + 4, wasm_f32x4_sub(T0i, T2i));
  wasm_v128_store(d, wasm_f32x4_sub(T1r, T3i));
  wasm_v128_store(d + 4, wasm_f32x4_add(T1i, T3r));
}

/* [Br·tr − Bi·ti, Br·ti + Bi·tr] on every lane, t = table[k], table[k + 1]. */
#define TWIDDLE(Mr, Mi, P, t)                                                            \
  do {                                                                                   \
    v128_t r_ = wasm_v128_load(P), i_ = wasm_v128_load((P) + 4);                         \
    v128_t tr_ = wasm_f32x4_splat((t)[0]), ti_ = wasm_f32x4_splat((t)[1]);               \
    Mr = wasm_f32x4_sub(wasm_f32x4_mul(r_, tr_), wasm_f32x4_mul(i_, ti_));               \
    Mi = wasm_f32x4_add(wasm_f32x4_mul(r_, ti_), wasm_f32x4_mul(i_, tr_));               \
  } while (0)

/* The stages above the first on points [off, off + len), depth first: the four quarter blocks
 * are completed, then combined. `first` is the first step's length in points. */
static void stages(const plan *p, int off, int len, int first) {
  if (len <= first) return;
  int quarter = len >> 2;
  if (quarter > first)
    for (int q = 0; q < 4; q++) stages(p, off + q * quarter, quarter, first);
  int step = p->csize / len; /* fft.js's step (in table entries) for a block of len points */
  const float *table = p->table;
  for (int j = off, k = 0; j < off + quarter; j++, k += step) {
    float *A = p->out + 8 * j, *B = A + 8 * quarter, *C = B + 8 * quarter, *D = C + 8 * quarter;
    v128_t MBr, MBi, MCr, MCi, MDr, MDi;
    TWIDDLE(MBr, MBi, B, table + k);
    TWIDDLE(MCr, MCi, C, table + 2 * k);
    TWIDDLE(MDr, MDi, D, table + 3 * k);
    butterfly(A, B, C, D, wasm_v128_load(A), wasm_v128_load(A + 4), MBr, MBi, MCr, MCi, MDr, MDi);
  }
}

/* fft.js transform(out, data), forward, on all four lanes, `size` complex points each; bitrev
 * is fft.js's base-4 digit reversal of the first step's `width` bits (in its interleaved
 * units, two per point). */
static void transform(float *out, const float *data, const float *table, const int32_t *bitrev,
                      int size, int width) {
  int csize = size << 1;
  int step = 1 << width;         /* fft.js's interleaved units */
  int len = (csize / step) << 1; /* likewise */
  int cstep = step >> 1;         /* points */
  if (len == 4) {
    for (int o = 0, t = 0; o < size; o += 2, t++) {
      const float *e = data + 4 * bitrev[t], *f = e + 8 * cstep;
      v128_t er = wasm_v128_load(e), ei = wasm_v128_load(e + 4);
      v128_t fr = wasm_v128_load(f), fi = wasm_v128_load(f + 4);
      float *a = out + 8 * o;
      wasm_v128_store(a, wasm_f32x4_add(er, fr));
      wasm_v128_store(a + 4, wasm_f32x4_add(ei, fi));
      wasm_v128_store(a + 8, wasm_f32x4_sub(er, fr));
      wasm_v128_store(a + 12, wasm_f32x4_sub(ei, fi));
    }
  } else {
    for (int o = 0, t = 0; o < size; o += 4, t++) {
      const float *e = data + 4 * bitrev[t];
      const float *f = e + 8 * cstep, *g = f + 8 * cstep, *h = g + 8 * cstep;
      float *a = out + 8 * o;
      butterfly(a, a + 8, a + 16, a + 24, wasm_v128_load(e), wasm_v128_load(e + 4),
                wasm_v128_load(f), wasm_v128_load(f + 4), wasm_v128_load(g), wasm_v128_load(g + 4),
                wasm_v128_load(h), wasm_v128_load(h + 4));
    }
  }
  plan p = {out, table, csize};
  stages(&p, 0, size, len >> 1);
}

/* Signal samples [from, from + size) into z[8i + slot], i < size (slot: lane, + 4 for the
 * imaginary part). The window x holds samples [x0, x1) of the signal (x[0] is sample x0); the
 * caller makes it cover every sample a block needs, so samples outside it are zeros. */
static void load(float *z, int slot, const float *x, int x0, int x1, int from, int size) {
  int lo = x0 - from;
  lo = lo < 0 ? 0 : lo > size ? size : lo;
  int hi = x1 - from < size ? x1 - from : size;
  if (hi < lo) hi = lo;
  for (int i = 0; i < lo; i++) z[8 * i + slot] = 0;
  for (int i = lo; i < hi; i++) z[8 * i + slot] = x[from + i - x0];
  for (int i = hi; i < size; i++) z[8 * i + slot] = 0;
}

/* Z ← conj(Z · H) on every lane; H is one interleaved spectrum (re, im per point). */
static void multiply_conjugate(float *Z, const float *H, int size) {
  for (int j = 0; j < size; j++) {
    v128_t zr = wasm_v128_load(Z + 8 * j), zi = wasm_v128_load(Z + 8 * j + 4);
    v128_t hr = wasm_f32x4_splat(H[2 * j]), hi = wasm_f32x4_splat(H[2 * j + 1]);
    v128_t re = wasm_f32x4_sub(wasm_f32x4_mul(zr, hr), wasm_f32x4_mul(zi, hi));
    v128_t im = wasm_f32x4_add(wasm_f32x4_mul(zr, hi), wasm_f32x4_mul(zi, hr));
    wasm_v128_store(Z + 8 * j, re);
    wasm_v128_store(Z + 8 * j + 4, wasm_f32x4_neg(im));
  }
}

/* Outputs [at, at + valid) from the real part of lane `lane`, the next `valid` from minus its
 * imaginary part, cut at end; out[0] is output o0. r points at the first valid point. */
static void store(float *out, int o0, int end, int at, int valid, const float *r, int lane) {
  int nA = end - at < valid ? end - at : valid;
  int nB = end - at - valid < valid ? end - at - valid : valid;
  float *o = out + (at - o0);
  int i = 0;
  for (; i < nB; i++) {
    o[i] = r[8 * i + lane];
    o[valid + i] = -r[8 * i + 4 + lane];
  }
  for (i = i > 0 ? i : 0; i < nA; i++) o[i] = r[8 * i + lane];
}

/* Outputs [o0, o1) of x * h, cut at outLength, by overlap-save (see fft-convolve.ts): blocks of
 * valid = size − m + 1 outputs laid from output 0 (o0 a multiple of valid), two per lane, eight
 * per pass. x holds signal samples [x0, x1) (see load); out[0] receives output o0. H is the
 * filter's spectrum scaled by 1/size; when h is not null (m taps, already scaled by 1/size), the
 * first pass makes H from it in its fourth lane and filters six blocks. zIn, Z, z are work
 * arrays of 8·size floats. */
EXPORT(lm_fftconv)
void lm_fftconv(const float *x, int x0, int x1, float *out, int o0, int o1, int outLength,
                float *H, const float *h, int m, const float *table, const int32_t *bitrev,
                int size, int width, float *zIn, float *Z, float *z) {
  int valid = size - m + 1;
  if (o1 > outLength) o1 = outLength;
  for (int start = o0; start < o1;) {
    int lanes = h ? 3 : 4;
    for (int lane = 0; lane < lanes; lane++) {
      int a = start + 2 * lane * valid;
      int live = a < o1; /* past the end a lane is all zeros */
      load(zIn, lane, x, live ? x0 : 0, live ? x1 : 0, a - m + 1, size);
      load(zIn, lane + 4, x, live ? x0 : 0, live ? x1 : 0, a + valid - m + 1, size);
    }
    if (h) {
      load(zIn, 3, h, 0, m, 0, size);
      load(zIn, 7, h, 0, 0, 0, size);
    }
    transform(Z, zIn, table, bitrev, size, width);
    if (h) {
      for (int j = 0; j < size; j++) {
        H[2 * j] = Z[8 * j + 3];
        H[2 * j + 1] = Z[8 * j + 7];
      }
      h = 0;
    }
    multiply_conjugate(Z, H, size);
    transform(z, Z, table, bitrev, size, width);
    for (int lane = 0; lane < lanes; lane++) {
      int a = start + 2 * lane * valid;
      if (a < o1) store(out, o0, o1, a, valid, z + 8 * (m - 1), lane);
    }
    start += 2 * lanes * valid;
  }
}

/* One transform of `size` = 4M points, all four lanes busy: the points n = 4j + r go to lane r
 * (so a split buffer, see split_load, is a quad buffer of M points as it stands), the four
 * M-point transforms run in the lanes, and a last radix-4 step combines them:
 * X[k + qM] = Σ_r W^(rk) (−i)^(rq) Y_r[k], W = e^(−2πi/size). Four k at a time: the lanes are
 * transposed so that each vector holds one r for four consecutive k, and the four outputs
 * X[k + qM] come out as whole vectors of the split layout. `combine` holds, per group of four
 * k, W^(rk) for r = 1, 2, 3 as re and im vectors (24 floats). The result is in split layout. */
static void split_transform(float *out, float *work, const float *in, const float *table,
                            const int32_t *bitrev, const float *combine, int size, int width) {
  int M = size >> 2;
  transform(work, in, table, bitrev, M, width);
  for (int k = 0, g = 0; k < M; k += 4, g++) {
    const float *y = work + 8 * k;
    v128_t r0 = wasm_v128_load(y), r1 = wasm_v128_load(y + 8), r2 = wasm_v128_load(y + 16),
           r3 = wasm_v128_load(y + 24);
    v128_t i0 = wasm_v128_load(y + 4), i1 = wasm_v128_load(y + 12), i2 = wasm_v128_load(y + 20),
           i3 = wasm_v128_load(y + 28);
    /* Transpose: lane j of A_r is Y_r[k + j]. */
    v128_t ta = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), tb = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
    v128_t tc = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7), td = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
    v128_t A0r = wasm_i64x2_shuffle(ta, tb, 0, 2), A1r = wasm_i64x2_shuffle(ta, tb, 1, 3);
    v128_t A2r = wasm_i64x2_shuffle(tc, td, 0, 2), A3r = wasm_i64x2_shuffle(tc, td, 1, 3);
    ta = wasm_i32x4_shuffle(i0, i1, 0, 4, 1, 5), tb = wasm_i32x4_shuffle(i2, i3, 0, 4, 1, 5);
    tc = wasm_i32x4_shuffle(i0, i1, 2, 6, 3, 7), td = wasm_i32x4_shuffle(i2, i3, 2, 6, 3, 7);
    v128_t A0i = wasm_i64x2_shuffle(ta, tb, 0, 2), A1i = wasm_i64x2_shuffle(ta, tb, 1, 3);
    v128_t A2i = wasm_i64x2_shuffle(tc, td, 0, 2), A3i = wasm_i64x2_shuffle(tc, td, 1, 3);
    const float *w = combine + 24 * g;
    v128_t M1r, M1i, M2r, M2i, M3r, M3i;
#define ROTATE(Mr, Mi, Ar, Ai, t)                                                        \
  do {                                                                                   \
    v128_t tr_ = wasm_v128_load(t), ti_ = wasm_v128_load((t) + 4);                       \
    Mr = wasm_f32x4_sub(wasm_f32x4_mul(Ar, tr_), wasm_f32x4_mul(Ai, ti_));               \
    Mi = wasm_f32x4_add(wasm_f32x4_mul(Ar, ti_), wasm_f32x4_mul(Ai, tr_));               \
  } while (0)
    ROTATE(M1r, M1i, A1r, A1i, w);
    ROTATE(M2r, M2i, A2r, A2i, w + 8);
    ROTATE(M3r, M3i, A3r, A3i, w + 16);
#undef ROTATE
    /* X_q = Σ_r M_r (−i)^(rq): the butterfly of the stages above, on whole vectors. */
    butterfly(out + 2 * k, out + 2 * (k + M), out + 2 * (k + 2 * M), out + 2 * (k + 3 * M), A0r,
              A0i, M1r, M1i, M2r, M2i, M3r, M3i);
  }
}

/* Signal samples [from, from + size) into the split layout's real (im = 0) or imaginary
 * (im = 1) part: sample n at 8(n / 4) + 4·im + n % 4. Samples outside the window x (holding
 * [x0, x1)) are zeros, as in load. */
static void split_load(float *z, int im, const float *x, int x0, int x1, int from, int size) {
  int lo = x0 - from;
  lo = lo < 0 ? 0 : lo > size ? size : lo;
  int hi = x1 - from < size ? x1 - from : size;
  if (hi < lo) hi = lo;
  float *base = z + 4 * im;
  const float *src = x + (from - x0); /* src[n] is sample from + n, for lo <= n < hi */
  int n = 0;
  for (; n < lo && (n & 3); n++) base[8 * (n >> 2) + (n & 3)] = 0;
  for (; n + 3 < lo; n += 4) wasm_v128_store(base + 2 * n, wasm_f32x4_splat(0));
  for (; n < lo; n++) base[8 * (n >> 2) + (n & 3)] = 0;
  for (; n < hi && (n & 3); n++) base[8 * (n >> 2) + (n & 3)] = src[n];
  for (; n + 3 < hi; n += 4) wasm_v128_store(base + 2 * n, wasm_v128_load(src + n));
  for (; n < hi; n++) base[8 * (n >> 2) + (n & 3)] = src[n];
  for (; n < size && (n & 3); n++) base[8 * (n >> 2) + (n & 3)] = 0;
  for (; n < size; n += 4) wasm_v128_store(base + 2 * n, wasm_f32x4_splat(0));
}

/* out[i] = sign · part[n] for n = first + i, i < count, where part is the real (im = 0) or
 * imaginary (im = 1) part of a split buffer: whole vectors where n is a multiple of four. */
static void split_store(float *out, const float *z, int im, int first, int count, int negate) {
  const float *base = z + 4 * im;
  v128_t flip = wasm_f32x4_splat(negate ? -0.0f : 0.0f);
  int end = first + count, n = first;
  for (; n < end && (n & 3); n++) {
    float v = base[8 * (n >> 2) + (n & 3)];
    out[n - first] = negate ? -v : v;
  }
  for (; n + 3 < end; n += 4)
    wasm_v128_store(out + (n - first), wasm_v128_xor(wasm_v128_load(base + 2 * n), flip));
  for (; n < end; n++) {
    float v = base[8 * (n >> 2) + (n & 3)];
    out[n - first] = negate ? -v : v;
  }
}

/* lm_fftconv for outputs that need few blocks: one block pair per transform, each transform
 * with all four lanes busy (split_transform), the filter's spectrum its own transform. Outputs
 * [o0, o1) as in lm_fftconv; table and bitrev are fft.js's for size / 4 points (width its
 * first step's bits), combine split_transform's table; Hs, zIn, Z, z, work are 2·size floats. */
EXPORT(lm_fftconv_split)
void lm_fftconv_split(const float *x, int x0, int x1, float *out, int o0, int o1, int outLength,
                      const float *h, int m, const float *table, const int32_t *bitrev,
                      const float *combine, int size, int width, float *Hs, float *zIn, float *Z,
                      float *work) {
  int valid = size - m + 1;
  if (o1 > outLength) o1 = outLength;
  split_load(zIn, 0, h, 0, m, 0, size);
  split_load(zIn, 1, h, 0, 0, 0, size);
  split_transform(Hs, work, zIn, table, bitrev, combine, size, width);
  for (int start = o0; start < o1; start += 2 * valid) {
    split_load(zIn, 0, x, x0, x1, start - m + 1, size);
    split_load(zIn, 1, x, x0, x1, start + valid - m + 1, size);
    split_transform(Z, work, zIn, table, bitrev, combine, size, width);
    /* Z ← conj(Z · H), elementwise in the split layout. */
    for (int j = 0; j < 2 * size; j += 8) {
      v128_t zr = wasm_v128_load(Z + j), zi = wasm_v128_load(Z + j + 4);
      v128_t hr = wasm_v128_load(Hs + j), hi = wasm_v128_load(Hs + j + 4);
      wasm_v128_store(Z + j, wasm_f32x4_sub(wasm_f32x4_mul(zr, hr), wasm_f32x4_mul(zi, hi)));
      wasm_v128_store(Z + j + 4, wasm_f32x4_neg(wasm_f32x4_add(wasm_f32x4_mul(zr, hi),
                                                               wasm_f32x4_mul(zi, hr))));
    }
    split_transform(zIn, work, Z, table, bitrev, combine, size, width);
    /* Outputs [start, start + valid) from the real parts of points m − 1 …, the next valid from
     * minus their imaginary parts, cut at o1. */
    int nA = o1 - start < valid ? o1 - start : valid;
    int nB = o1 - start - valid < valid ? o1 - start - valid : valid;
    float *o = out + (start - o0);
    split_store(o, zIn, 0, m - 1, nA, 0);
    if (nB > 0) split_store(o + valid, zIn, 1, m - 1, nB, 1);
  }
}

/* The real path: an N-point real transform as one complex transform of M = N / 2 points,
 * z[n] = b[2n] + i·b[2n + 1] (the even and odd samples as real and imaginary parts), whose
 * spectrum Z gives the block's by symmetry (E = even samples' spectrum, O = odd's):
 *   2X[k] = (Z[k] + conj Z[M − k]) − i·W^k·(Z[k] − conj Z[M − k]),  W = e^(−2πi/N), k ≤ M,
 * and back: the spectrum Y of a real block gives z = y_even + i·y_odd from
 *   Z[k] = (Y[k] + conj Y[M − k]) + i·W^(−k)·(Y[k] − conj Y[M − k]),  k < M,
 * (an unnormalised inverse, taken as conj(FFT(conj Z))). So a lone block costs half a complex
 * transform each way, where the complex paths carry two blocks per transform and leave half of
 * one idle when the count is odd — as it is for a short clip, or the filter's own transform.
 * X[0] and X[M] are real: the pair is kept as re and im of point 0 (everything else treats
 * point 0 as a complex number, so its lane is redone in scalar after each vector pass). */

/* b[0 … N) → the split layout of M points: z[n] = b[2n] + i·b[2n + 1]. */
static void deinterleave(float *z, const float *b, int N) {
  for (int i = 0; i < N; i += 8) {
    v128_t v0 = wasm_v128_load(b + i), v1 = wasm_v128_load(b + i + 4);
    wasm_v128_store(z + i, wasm_i32x4_shuffle(v0, v1, 0, 2, 4, 6));
    wasm_v128_store(z + i + 4, wasm_i32x4_shuffle(v0, v1, 1, 3, 5, 7));
  }
}

/* Samples [from, from + N) of the window x (holding [x0, x1), zeros elsewhere) into b. */
static void fill_block(float *b, const float *x, int x0, int x1, int from, int N) {
  int lo = x0 - from;
  lo = lo < 0 ? 0 : lo > N ? N : lo;
  int hi = x1 - from < N ? x1 - from : N;
  if (hi < lo) hi = lo;
  memset(b, 0, 4 * (size_t)lo);
  memcpy(b + lo, x + (from + lo - x0), 4 * (size_t)(hi - lo));
  memset(b + hi, 0, 4 * (size_t)(N - hi));
}

/* Point k of group g's partner M − k, lanes k = 4g … 4g + 3: [M − 4g] (group M/4 − g, or 0
 * when g = 0) then M − 4g − 1 … M − 4g − 3 (group M/4 − g − 1, lanes 3, 2, 1). */
static inline v128_t partner(const float *z, int g, int groups, int im) {
  int ga = g == 0 ? 0 : groups - g;
  v128_t a = wasm_v128_load(z + 8 * ga + 4 * im), b = wasm_v128_load(z + 8 * (groups - g - 1) + 4 * im);
  return wasm_i32x4_shuffle(a, b, 0, 7, 6, 5);
}

/* 2X from Z and its partner P (both split vectors), wr + i·wi = W^k. */
static inline void spectrum(v128_t zr, v128_t zi, v128_t pr, v128_t pi, v128_t wr, v128_t wi,
                            v128_t *xr, v128_t *xi) {
  v128_t sr = wasm_f32x4_add(zr, pr), si = wasm_f32x4_sub(zi, pi);
  v128_t dr = wasm_f32x4_sub(zr, pr), di = wasm_f32x4_add(zi, pi);
  /* −i·W·D = (wr·di + wi·dr) − i·(wr·dr − wi·di) */
  *xr = wasm_f32x4_add(sr, wasm_f32x4_add(wasm_f32x4_mul(wr, di), wasm_f32x4_mul(wi, dr)));
  *xi = wasm_f32x4_sub(si, wasm_f32x4_sub(wasm_f32x4_mul(wr, dr), wasm_f32x4_mul(wi, di)));
}

/* X = 2·(the real transform) of the block whose complex transform Z is, k < M, X[M] packed
 * into point 0's imaginary part (w: W^k, re and im vectors per group of four k). */
static void real_spectrum(float *X, const float *Z, const float *w, int M) {
  int groups = M >> 2;
  for (int g = 0; g < groups; g++) {
    v128_t xr, xi;
    spectrum(wasm_v128_load(Z + 8 * g), wasm_v128_load(Z + 8 * g + 4), partner(Z, g, groups, 0),
             partner(Z, g, groups, 1), wasm_v128_load(w + 8 * g), wasm_v128_load(w + 8 * g + 4),
             &xr, &xi);
    wasm_v128_store(X + 8 * g, xr);
    wasm_v128_store(X + 8 * g + 4, xi);
  }
  X[0] = 2 * (Z[0] + Z[4]);
  X[4] = 2 * (Z[0] - Z[4]);
}

/* From the block's complex transform Z and the filter's H (real_spectrum's form, scaled so
 * that the product is the output's spectrum): Y = X·H at k and at M − k, then conj of the
 * inverse's input at k (see above), into out. One pass: each lane computes its partner's X
 * and Y too, in registers, where separate passes would go through memory. */
static void multiply_for_inverse(float *out, const float *Z, const float *H, const float *w,
                                 int M) {
  int groups = M >> 2;
  for (int g = 0; g < groups; g++) {
    v128_t zr = wasm_v128_load(Z + 8 * g), zi = wasm_v128_load(Z + 8 * g + 4);
    v128_t pr = partner(Z, g, groups, 0), pi = partner(Z, g, groups, 1);
    v128_t wr = wasm_v128_load(w + 8 * g), wi = wasm_v128_load(w + 8 * g + 4);
    v128_t xr, xi, qr, qi;
    spectrum(zr, zi, pr, pi, wr, wi, &xr, &xi);
    /* The partner's: W^(M − k) = −conj(W^k). */
    spectrum(pr, pi, zr, zi, wasm_f32x4_neg(wr), wi, &qr, &qi);
    v128_t hr = wasm_v128_load(H + 8 * g), hi = wasm_v128_load(H + 8 * g + 4);
    v128_t gr = partner(H, g, groups, 0), gi = partner(H, g, groups, 1);
    v128_t yr = wasm_f32x4_sub(wasm_f32x4_mul(xr, hr), wasm_f32x4_mul(xi, hi));
    v128_t yi = wasm_f32x4_add(wasm_f32x4_mul(xr, hi), wasm_f32x4_mul(xi, hr));
    v128_t ur = wasm_f32x4_sub(wasm_f32x4_mul(qr, gr), wasm_f32x4_mul(qi, gi));
    v128_t ui = wasm_f32x4_add(wasm_f32x4_mul(qr, gi), wasm_f32x4_mul(qi, gr));
    /* E = Y + conj U, D = Y − conj U, O = D·conj W; Z' = E + i·O, stored conjugated. */
    v128_t er = wasm_f32x4_add(yr, ur), ei = wasm_f32x4_sub(yi, ui);
    v128_t dr = wasm_f32x4_sub(yr, ur), di = wasm_f32x4_add(yi, ui);
    v128_t or_ = wasm_f32x4_add(wasm_f32x4_mul(dr, wr), wasm_f32x4_mul(di, wi));
    v128_t oi = wasm_f32x4_sub(wasm_f32x4_mul(di, wr), wasm_f32x4_mul(dr, wi));
    wasm_v128_store(out + 8 * g, wasm_f32x4_sub(er, oi));
    wasm_v128_store(out + 8 * g + 4, wasm_f32x4_neg(wasm_f32x4_add(ei, or_)));
  }
  float y0 = 2 * (Z[0] + Z[4]) * H[0], yM = 2 * (Z[0] - Z[4]) * H[4];
  out[0] = y0 + yM;
  out[4] = -(y0 - yM);
}

/* The inverse's output z (split layout, conjugated) → y[0 … N): y[2n] = Re, y[2n + 1] = −Im. */
static void interleave(float *y, const float *z, int N) {
  v128_t flip = wasm_f32x4_splat(-0.0f);
  for (int i = 0; i < N; i += 8) {
    v128_t re = wasm_v128_load(z + i), im = wasm_v128_xor(wasm_v128_load(z + i + 4), flip);
    wasm_v128_store(y + i, wasm_i32x4_shuffle(re, im, 0, 4, 1, 5));
    wasm_v128_store(y + i + 4, wasm_i32x4_shuffle(re, im, 2, 6, 3, 7));
  }
}

/* Outputs [o0, o1) of x * h, cut at outLength, by overlap-save with real transforms of N
 * points: blocks of valid = N − m + 1 outputs laid from o0. x, out as in lm_fftconv; h (m taps)
 * already scaled by 1/(4N) (the two factors of 2 of real_spectrum and the inverse's 1/N).
 * table, bitrev, combine: split_transform's for M = N / 2 points; w: W^k for k < M (re and im
 * vectors per group of four). Hs, b, zIn, Z, work: N floats each. */
EXPORT(lm_fftconv_real)
void lm_fftconv_real(const float *x, int x0, int x1, float *out, int o0, int o1, int outLength,
                     const float *h, int m, const float *table, const int32_t *bitrev,
                     const float *combine, const float *w, int N, int width, float *Hs, float *b,
                     float *zIn, float *Z, float *work) {
  int M = N >> 1;
  int valid = N - m + 1;
  if (o1 > outLength) o1 = outLength;
  fill_block(b, h, 0, m, 0, N);
  deinterleave(zIn, b, N);
  split_transform(Z, work, zIn, table, bitrev, combine, M, width);
  real_spectrum(Hs, Z, w, M);
  for (int start = o0; start < o1; start += valid) {
    fill_block(b, x, x0, x1, start - m + 1, N);
    deinterleave(zIn, b, N);
    split_transform(Z, work, zIn, table, bitrev, combine, M, width);
    multiply_for_inverse(zIn, Z, Hs, w, M);
    split_transform(Z, work, zIn, table, bitrev, combine, M, width);
    interleave(b, Z, N);
    int n = o1 - start < valid ? o1 - start : valid;
    memcpy(out + (start - o0), b + (m - 1), 4 * (size_t)n);
  }
}

/* p[i] *= s for i < n: the filter's 1/N (a power of two, so exact but for underflow, where the
 * product is rounded as the division in double then to float32 rounds it). */
EXPORT(lm_scale)
void lm_scale(float *p, int n, float s) {
  v128_t f = wasm_f32x4_splat(s);
  int i = 0;
  for (; i + 3 < n; i += 4) wasm_v128_store(p + i, wasm_f32x4_mul(wasm_v128_load(p + i), f));
  for (; i < n; i++) p[i] *= s;
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
