/* speex 1.2.1's qmf_decomp (libspeex/filters.c, float build), four outputs at a time in
 * WebAssembly SIMD, bit-identical: scripts/build-codecs.sh compiles filters.c with its own
 * qmf_decomp renamed away, so the wideband encoder's band split calls this one.
 *
 * Each output k of the original is a chain over the taps j of the same float operations,
 *   y1k = y1k + a[j] * (x[2k + j] + x2[2k - j]),  y2k = y2k ∓ a[j] * (x[2k + j] - x2[2k - j]),
 * in order; here lane l carries output k + l through exactly that chain (the even lanes of
 * eight consecutive samples are x[2k + j … 2k + 6 + j]), so nothing is reassociated. */
#include <wasm_simd128.h>
#include "config.h"
#include "filters.h"
#include "stack_alloc.h"

static inline v128_t even_lanes(const float *p) {
  return wasm_i32x4_shuffle(wasm_v128_load(p), wasm_v128_load(p + 4), 0, 2, 4, 6);
}

void qmf_decomp(const spx_word16_t *xx, const spx_word16_t *aa, spx_word16_t *y1,
                spx_word16_t *y2, int N, int M, spx_word16_t *mem, char *stack) {
  int i, j, k, M2;
  VARDECL(spx_word16_t * a);
  VARDECL(spx_word16_t * x);
  spx_word16_t *x2;

  ALLOC(a, M, spx_word16_t);
  ALLOC(x, N + M - 1, spx_word16_t);
  x2 = x + M - 1;
  M2 = M >> 1;
  for (i = 0; i < M; i++) a[M - i - 1] = aa[i];
  for (i = 0; i < M - 1; i++) x[i] = mem[M - i - 2];
  for (i = 0; i < N; i++) x[i + M - 1] = SHR16(xx[i], 1);
  for (i = 0; i < M - 1; i++) mem[i] = SHR16(xx[N - i - 1], 1);
  /* Eight inputs, four outputs a pass: x[i + j + 7] and x2[i - j + 7] stay inside x. */
  for (i = 0, k = 0; i + 8 <= N; i += 8, k += 4) {
    v128_t y1k = wasm_f32x4_splat(0), y2k = wasm_f32x4_splat(0);
    for (j = 0; j < M2; j++) {
      v128_t aj = wasm_f32x4_splat(a[j]);
      v128_t s = even_lanes(x + i + j), t = even_lanes(x2 + i - j);
      y1k = wasm_f32x4_add(y1k, wasm_f32x4_mul(aj, wasm_f32x4_add(s, t)));
      y2k = wasm_f32x4_sub(y2k, wasm_f32x4_mul(aj, wasm_f32x4_sub(s, t)));
      j++;
      aj = wasm_f32x4_splat(a[j]);
      s = even_lanes(x + i + j);
      t = even_lanes(x2 + i - j);
      y1k = wasm_f32x4_add(y1k, wasm_f32x4_mul(aj, wasm_f32x4_add(s, t)));
      y2k = wasm_f32x4_add(y2k, wasm_f32x4_mul(aj, wasm_f32x4_sub(s, t)));
    }
    wasm_v128_store(y1 + k, y1k);
    wasm_v128_store(y2 + k, y2k);
  }
  for (; i < N; i += 2, k++) { /* the original loop, for what is left */
    spx_word32_t y1k = 0, y2k = 0;
    for (j = 0; j < M2; j++) {
      y1k = ADD32(y1k, MULT16_16(a[j], ADD16(x[i + j], x2[i - j])));
      y2k = SUB32(y2k, MULT16_16(a[j], SUB16(x[i + j], x2[i - j])));
      j++;
      y1k = ADD32(y1k, MULT16_16(a[j], ADD16(x[i + j], x2[i - j])));
      y2k = ADD32(y2k, MULT16_16(a[j], SUB16(x[i + j], x2[i - j])));
    }
    y1[k] = EXTRACT16(SATURATE(PSHR32(y1k, 15), 32767));
    y2[k] = EXTRACT16(SATURATE(PSHR32(y2k, 15), 32767));
  }
}
