/* The inner loop of src/dsp/resample.ts in WebAssembly SIMD: output i is the dot product of
 * `width` input samples starting at base(i) - half + 1 with row phase(i) of the phase table,
 * where i·M/L = base + phase/L. The input is zero-padded by the caller so no read needs a
 * bounds test; `width` is a multiple of 4 (the table rows are zero-padded).
 *
 * Outputs i, i+L, …, i+7L share a phase row and their windows lie M samples apart, so
 * lm_resample computes them together: each tap vector is loaded once for eight outputs, and the
 * eight independent accumulators hide the latency of the adds (one accumulator per output
 * would wait on its own previous add every step). Eight measured ≈ 20 % faster than four
 * (bench/resample.ts) and still fit x86-64's 16 vector registers. Everything else, and the outputs left over
 * at the end, goes through lm_resample_one, the plain one-output-at-a-time loop. */
#include <stdint.h>
#include <stdlib.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(lm_malloc) void *lm_malloc(size_t n) { return malloc(n); }
EXPORT(lm_free) void lm_free(void *p) { free(p); }

/* The position of output i in input samples: base + phase/L. */
typedef struct {
  int base, phase;
} position;

static position locate(int i, int L, int M) {
  long long pos = (long long)i * M;
  position p = {(int)(pos / L), 0};
  p.phase = (int)(pos - (long long)p.base * L);
  return p;
}

static void step(position *p, int whole, int rest, int L) {
  p->base += whole;
  p->phase += rest;
  if (p->phase >= L) {
    p->phase -= L;
    p->base++;
  }
}

static float lanes(v128_t s) {
  return wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1) +
         wasm_f32x4_extract_lane(s, 2) + wasm_f32x4_extract_lane(s, 3);
}

/* Outputs [from, to), one at a time; out[0] is output `from`. */
EXPORT(lm_resample_one)
void lm_resample_one(const float *x, float *out, int from, int to, const float *taps, int width,
                     int half, int L, int M) {
  position p = locate(from, L, M);
  for (int i = from; i < to; i++) {
    const float *a = x + p.base - half + 1;
    const float *h = taps + p.phase * width;
    v128_t s0 = wasm_f32x4_splat(0), s1 = s0;
    int k = 0;
    for (; k + 8 <= width; k += 8) {
      s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a + k), wasm_v128_load(h + k)));
      s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_v128_load(a + k + 4), wasm_v128_load(h + k + 4)));
    }
    if (k < width)
      s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a + k), wasm_v128_load(h + k)));
    out[i - from] = lanes(wasm_f32x4_add(s0, s1));
    step(&p, M / L, M % L, L);
  }
}

static v128_t hsum4(v128_t s0, v128_t s1, v128_t s2, v128_t s3) {
  /* Transposed horizontal sums: lane j of the result is the sum of sj's lanes. */
  v128_t u = wasm_f32x4_add(wasm_i32x4_shuffle(s0, s1, 0, 1, 4, 5),
                            wasm_i32x4_shuffle(s0, s1, 2, 3, 6, 7));
  v128_t v = wasm_f32x4_add(wasm_i32x4_shuffle(s2, s3, 0, 1, 4, 5),
                            wasm_i32x4_shuffle(s2, s3, 2, 3, 6, 7));
  return wasm_f32x4_add(wasm_i32x4_shuffle(u, v, 0, 2, 4, 6), wasm_i32x4_shuffle(u, v, 1, 3, 5, 7));
}

/* The eight dot products of row h with the windows at a, a+M, …, a+7M: r[0] holds the first
 * four, r[1] the next four. */
static void dot8(const float *a, int M, const float *h, int width, v128_t r[2]) {
  v128_t s0 = wasm_f32x4_splat(0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
  for (int k = 0; k < width; k += 4) {
    const v128_t t = wasm_v128_load(h + k);
    const float *b = a + k;
    s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(b), t));
    s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_v128_load(b + M), t));
    s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(wasm_v128_load(b + 2 * M), t));
    s3 = wasm_f32x4_add(s3, wasm_f32x4_mul(wasm_v128_load(b + 3 * M), t));
    s4 = wasm_f32x4_add(s4, wasm_f32x4_mul(wasm_v128_load(b + 4 * M), t));
    s5 = wasm_f32x4_add(s5, wasm_f32x4_mul(wasm_v128_load(b + 5 * M), t));
    s6 = wasm_f32x4_add(s6, wasm_f32x4_mul(wasm_v128_load(b + 6 * M), t));
    s7 = wasm_f32x4_add(s7, wasm_f32x4_mul(wasm_v128_load(b + 7 * M), t));
  }
  r[0] = hsum4(s0, s1, s2, s3);
  r[1] = hsum4(s4, s5, s6, s7);
}

/* Outputs [from, to) as lm_resample_one, in blocks of 8L outputs; out[0] is output `from`. */
EXPORT(lm_resample)
void lm_resample(const float *x, float *out, int from, int to, const float *taps, int width,
                 int half, int L, int M) {
  const int whole = M / L, rest = M % L;
  position p = locate(from, L, M);
  int i = from;
  for (; i + 8 * L <= to; i += 8 * L) {
    /* p is at output i; outputs i+q (q < L) are the first of each phase's eight. */
    for (int q = 0; q < L; q++) {
      v128_t r[2];
      dot8(x + p.base - half + 1, M, taps + p.phase * width, width, r);
      float *o = out + (i - from) + q;
      if (L == 1) {
        wasm_v128_store(o, r[0]);
        wasm_v128_store(o + 4, r[1]);
      } else {
        for (int j = 0; j < 2; j++, o += 4 * L) {
          o[0] = wasm_f32x4_extract_lane(r[j], 0);
          o[L] = wasm_f32x4_extract_lane(r[j], 1);
          o[2 * L] = wasm_f32x4_extract_lane(r[j], 2);
          o[3 * L] = wasm_f32x4_extract_lane(r[j], 3);
        }
      }
      step(&p, whole, rest, L);
    }
    p.base += 7 * M; /* from output i+L to i+8L: the phase is the same */
  }
  lm_resample_one(x, out + (i - from), i, to, taps, width, half, L, M);
}

/* Float samples (full scale ±1) to 16-bit PCM as src/codecs/pcm.ts's toInt16: ×32768, rounded
 * to nearest with halves toward +∞ (JavaScript's Math.round), saturated; NaN gives 0. The
 * scaling is exact, so this matches the TypeScript bit for bit. */
EXPORT(lm_f32_to_i16) void lm_f32_to_i16(const float *x, int16_t *out, int n) {
  const v128_t scale = wasm_f32x4_splat(32768), half = wasm_f32x4_splat(0.5f),
               one = wasm_f32x4_splat(1);
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    v128_t q[2];
    for (int j = 0; j < 2; j++) {
      v128_t v = wasm_f32x4_mul(wasm_v128_load(x + i + 4 * j), scale);
      v128_t r = wasm_f32x4_nearest(v); /* ties to even: move the ties that went down up */
      r = wasm_f32x4_add(r, wasm_v128_and(wasm_f32x4_eq(wasm_f32x4_sub(v, r), half), one));
      q[j] = wasm_i32x4_trunc_sat_f32x4(r);
    }
    wasm_v128_store(out + i, wasm_i16x8_narrow_i32x4(q[0], q[1]));
  }
  for (; i < n; i++) {
    float v = x[i] * 32768, r = __builtin_nearbyintf(v);
    if (v - r == 0.5f) r += 1;
    out[i] = r != r ? 0 : r >= 32767 ? 32767 : r <= -32768 ? -32768 : (int16_t)r;
  }
}

/* 16-bit PCM to float samples, ÷32768 (exact). */
EXPORT(lm_i16_to_f32) void lm_i16_to_f32(const int16_t *x, float *out, int n) {
  const v128_t scale = wasm_f32x4_splat(1.0f / 32768);
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    v128_t v = wasm_v128_load(x + i);
    wasm_v128_store(out + i, wasm_f32x4_mul(wasm_f32x4_convert_i32x4(wasm_i32x4_extend_low_i16x8(v)), scale));
    wasm_v128_store(out + i + 4,
                    wasm_f32x4_mul(wasm_f32x4_convert_i32x4(wasm_i32x4_extend_high_i16x8(v)), scale));
  }
  for (; i < n; i++) out[i] = x[i] * (1.0f / 32768);
}
