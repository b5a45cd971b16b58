/* The activity counter of src/audio/levels.ts (activeSpeechLevel, ITU-T P.56 method B) in
 * WebAssembly: the envelope, the count of thresholds it reaches, and the windowed maximum of
 * that count kept over runs (see ActivityCounter there for the method). The same double
 * operations in the same order as the TypeScript class it replaces, and integer bookkeeping
 * otherwise, so the sums and counts — and the level — are bit-identical. The caller feeds the
 * clip in chunks copied into the module's memory; the state lives in a struct between calls.
 * Also the mix at an SNR (lm_mix, the other per-sample loop of levels.ts), bit-identical too,
 * and the peak (lm_peak). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(lm_malloc) void *lm_malloc(size_t n) { return malloc(n); }
EXPORT(lm_free) void lm_free(void *p) { free(p); }

#define MAX_T 64

typedef struct {
  double sumSquares, p, q, g;
  int k, cur, windowMax, since, nextExpiry, head, size, nT, hangover;
  double c[MAX_T];
  double samplesAt[MAX_T + 1];
  int runEnd[MAX_T + 1], runK[MAX_T + 1];
} counter;

EXPORT(lm_p56_size) int lm_p56_size(void) { return sizeof(counter); }

/* A fresh counter for nT (≤ 64) thresholds c, envelope coefficient g, hangover in samples. */
EXPORT(lm_p56_init)
int lm_p56_init(counter *s, const double *c, int nT, double g, int hangover) {
  if (nT > MAX_T) return 0;
  *s = (counter){0};
  s->g = g;
  s->nT = nT;
  s->hangover = hangover;
  s->nextExpiry = -1;
  for (int j = 0; j < nT; j++) s->c[j] = c[j];
  return 1;
}

/* A run of k starts at i, or the front run leaves the window: count the samples before i. */
static void event(counter *s, int i, int k) {
  int cap = s->nT + 1;
  s->samplesAt[s->windowMax] += i - s->since;
  s->since = i;
  if (k != s->cur) {
    /* The run of `cur` ended at i − 1; runs behind it that are not larger expire sooner. */
    while (s->size > 0 && s->runK[(s->head + s->size - 1) % cap] <= s->cur) s->size--;
    if (s->cur > 0) {
      int at = (s->head + s->size) % cap;
      s->runEnd[at] = i - 1;
      s->runK[at] = s->cur;
      s->size++;
    }
    s->cur = k;
  }
  while (s->size > 0 && s->runEnd[s->head] + s->hangover < i) {
    s->head = (s->head + 1) % cap;
    s->size--;
  }
  int front = s->size > 0 ? s->runK[s->head] : 0;
  s->nextExpiry = s->size > 0 ? s->runEnd[s->head] + s->hangover + 1 : -1;
  s->windowMax = front > s->cur ? front : s->cur;
}

/* Samples [offset, offset + count) of the clip, x[0] being sample `offset`. */
EXPORT(lm_p56_feed)
void lm_p56_feed(counter *s, const float *x, int offset, int count) {
  const double *c = s->c;
  const double g = s->g;
  const int nT = s->nT;
  double p = s->p, q = s->q, sumSquares = s->sumSquares;
  int k = s->k, cur = s->cur, nextExpiry = s->nextExpiry;
  /* The thresholds either side of k, in registers: the walks below run only when q leaves
   * [lo, hi), and then exactly as written (a NaN q leaves k where it is either way). */
  double lo = k > 0 ? c[k - 1] : -INFINITY, hi = k < nT ? c[k] : INFINITY;
  for (int j = 0; j < count; j++) {
    int i = offset + j;
    double v = x[j];
    sumSquares += v * v;
    p = g * p + (1 - g) * fabs(v);
    q = g * q + (1 - g) * p;
    if (q >= hi || q < lo) {
      while (k < nT && q >= c[k]) k++;
      while (k > 0 && q < c[k - 1]) k--;
      lo = k > 0 ? c[k - 1] : -INFINITY;
      hi = k < nT ? c[k] : INFINITY;
    }
    if (k == cur && i != nextExpiry) continue;
    event(s, i, k);
    cur = k;
    nextExpiry = s->nextExpiry;
  }
  s->p = p;
  s->q = q;
  s->k = k;
  s->sumSquares = sumSquares;
}

/* Closes the count at n samples; out = [sumSquares, activity_0 … activity_(nT−1)]. */
EXPORT(lm_p56_finish)
void lm_p56_finish(counter *s, int n, double *out) {
  s->samplesAt[s->windowMax] += n - s->since;
  s->since = n;
  double above = 0;
  out[0] = s->sumSquares;
  for (int j = s->nT - 1; j >= 0; j--) {
    above += s->samplesAt[j + 1];
    out[1 + j] = above;
  }
}

/* mixed[i] = (float)(signal[i] + gain · noise[i]) for i < n, the products and sums in double as
 * src/audio/levels.ts's mixInto takes them (the same IEEE operations, two per vector: the
 * samples are the same bit for bit); returns max(peak, max |mixed[i]|), a NaN passed over as
 * `if (a > max)` passes it. mixed may be noise. */
EXPORT(lm_mix)
double lm_mix(float *mixed, const float *signal, const float *noise, double gain, int n,
              double peak) {
  v128_t g = wasm_f64x2_splat(gain);
  v128_t acc = wasm_f32x4_splat((float)peak);
  int i = 0;
  for (; i + 3 < n; i += 4) {
    v128_t s = wasm_v128_load(signal + i), x = wasm_v128_load(noise + i);
    v128_t lo = wasm_f64x2_add(wasm_f64x2_promote_low_f32x4(s),
                               wasm_f64x2_mul(g, wasm_f64x2_promote_low_f32x4(x)));
    v128_t hi = wasm_f64x2_add(
        wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(s, s, 2, 3, 0, 1)),
        wasm_f64x2_mul(g, wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(x, x, 2, 3, 0, 1))));
    v128_t y = wasm_i32x4_shuffle(wasm_f32x4_demote_f64x2_zero(lo),
                                  wasm_f32x4_demote_f64x2_zero(hi), 0, 1, 4, 5);
    wasm_v128_store(mixed + i, y);
    acc = wasm_f32x4_pmax(acc, wasm_f32x4_abs(y));
  }
  float lanes[4];
  wasm_v128_store(lanes, acc);
  double max = peak;
  for (int k = 0; k < 4; k++)
    if (lanes[k] > max) max = lanes[k];
  for (; i < n; i++) {
    float y = (float)((double)signal[i] + gain * (double)noise[i]);
    mixed[i] = y;
    float a = __builtin_fabsf(y);
    if (a > max) max = a;
  }
  return max;
}

/* max(peak, max |x[i]|) over i < n, a NaN sample passed over as `if (a > max) max = a` passes
 * it: pmax(acc, a) keeps acc unless a is greater, so a NaN never enters an accumulator. Four
 * accumulators of four samples, so the maxima do not wait on each other; `peak` is compared
 * in double at the end, so any start gives what the loop gives. */
EXPORT(lm_peak)
double lm_peak(const float *x, int n, double peak) {
  v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
  int i = 0;
  for (; i + 15 < n; i += 16) {
    a0 = wasm_f32x4_pmax(a0, wasm_f32x4_abs(wasm_v128_load(x + i)));
    a1 = wasm_f32x4_pmax(a1, wasm_f32x4_abs(wasm_v128_load(x + i + 4)));
    a2 = wasm_f32x4_pmax(a2, wasm_f32x4_abs(wasm_v128_load(x + i + 8)));
    a3 = wasm_f32x4_pmax(a3, wasm_f32x4_abs(wasm_v128_load(x + i + 12)));
  }
  for (; i + 3 < n; i += 4) a0 = wasm_f32x4_pmax(a0, wasm_f32x4_abs(wasm_v128_load(x + i)));
  float lanes[16];
  wasm_v128_store(lanes, a0);
  wasm_v128_store(lanes + 4, a1);
  wasm_v128_store(lanes + 8, a2);
  wasm_v128_store(lanes + 12, a3);
  double m = peak;
  for (int k = 0; k < 16; k++)
    if (lanes[k] > m) m = lanes[k];
  for (; i < n; i++) {
    double a = __builtin_fabsf(x[i]);
    if (a > m) m = a;
  }
  return m;
}
