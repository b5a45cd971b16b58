/* The Web Audio DynamicsCompressorNode's per-sample work as node-web-audio-api renders it (see
 * src/dsp/compressor.ts for the curve and the detector): every operation in float32, in the
 * node's order, with wasi-libc's log10f and powf where the node calls Rust's f32 log10 and powf
 * (the platform's libm), so the output differs from the node's only where two libms round a
 * logarithm or a power differently. Without -ffast-math nothing is reordered or contracted. */
#include <math.h>
#include <stdlib.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(lm_malloc) void *lm_malloc(size_t n) { return malloc(n); }
EXPORT(lm_free) void lm_free(void *p) { free(p); }

/* The curve and detector constants, float32 as the node makes them per render quantum. */
typedef struct {
  float lower, upper, half_knee, threshold, ratio, knee_partial, quiet;
  float attack_tau, attack1, release_tau, release1, makeup, makeup_gain;
} curve;

static float db_to_lin(float db) { return powf(10.0f, db / 20.0f); }
static float lin_to_db(float v) { return v == 0.0f ? -1000.0f : 20.0f * log10f(v); }

/* The node's constants for these settings (its parameters are float32), in its order; quiet is
 * a level under which every sample is surely below the knee (0.1 dB under its lower edge), so
 * its logarithm need not be taken. makeup is the make-up in dB, makeup_gain the same as a gain. */
EXPORT(lm_compressor_curve)
void lm_compressor_curve(curve *c, float threshold, float ratio, float knee, float attack,
                         float release, float sample_rate) {
  if (knee > 0.0f) threshold = threshold + knee / 2.0f;
  float half_knee = knee / 2.0f;
  c->threshold = threshold;
  c->ratio = ratio;
  c->half_knee = half_knee;
  c->lower = threshold - half_knee;
  c->upper = threshold + half_knee;
  c->knee_partial = (1.0f / ratio - 1.0f) / (2.0f * knee);
  c->quiet = db_to_lin(c->lower - 0.1f);
  c->attack_tau = expf(-1.0f / (attack * sample_rate));
  c->attack1 = 1.0f - c->attack_tau;
  c->release_tau = expf(-1.0f / (release * sample_rate));
  c->release1 = 1.0f - c->release_tau;
  float full_range_gain = threshold + (-threshold / ratio);
  float full_range_makeup = 1.0f / db_to_lin(full_range_gain);
  c->makeup = lin_to_db(powf(full_range_makeup, 0.6f));
  c->makeup_gain = db_to_lin(c->makeup);
}

/* The attenuation the curve asks for at input level v (linear): 0 below the knee. */
static inline float attenuation(const curve *c, float v) {
  if (!(v > c->quiet)) return 0.0f;
  float db = lin_to_db(v);
  if (!(db > c->lower)) return 0.0f;
  float y;
  if (db <= c->upper) {
    float k = db - c->threshold + c->half_knee;
    y = db + k * k * c->knee_partial;
  } else {
    y = c->threshold + (db - c->threshold) / c->ratio;
  }
  return db - y;
}

#define BLOCK 256

/* Detector samples [from, to) of a clip of n samples: the gain of sample m, computed from input
 * m, scales input m − delay into output m − delay (then · scale unless scale is 1); inputs past
 * n are silence. x and out are windows of the clip's input and output starting at sample
 * lo = max(0, from − delay); x covers the input up to min(n, to). *detector carries the
 * detector between calls; returns max(peak, max |output|). A block at a time in three passes —
 * the curve, the detector's recursion (the only serial part, branch-free), the gains — so the
 * logarithms and powers of a block overlap instead of waiting on the recursion. */
EXPORT(lm_compress)
float lm_compress(const float *x, float *out, int lo, int n, int from, int to, int delay,
                  const curve *c, float scale, float *detector, float peak) {
  float d = *detector;
  float level[BLOCK];
  for (int b = from; b < to; b += BLOCK) {
    int e = b + BLOCK < to ? b + BLOCK : to;
    for (int m = b; m < e; m++) level[m - b] = attenuation(c, m < n ? fabsf(x[m - lo]) : 0.0f);
    for (int m = b; m < e; m++) {
      float a = level[m - b];
      float up = c->attack_tau * d + c->attack1 * a;
      float down = c->release_tau * d + c->release1 * a;
      d = a > d ? up : down;
      level[m - b] = d;
    }
    int first = b > delay ? b : delay;
    for (int m = first; m < e; m++) {
      int at = m - delay;
      float g = db_to_lin(-1.0f * level[m - b] + c->makeup);
      float o = x[at - lo] * g;
      if (scale != 1.0f) o = o * scale;
      out[at - lo] = o;
      float v = fabsf(o);
      peak = v > peak ? v : peak;
    }
  }
  *detector = d;
  return peak;
}
