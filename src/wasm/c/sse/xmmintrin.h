/* The SSE intrinsics libspeex's _USE_SSE paths call, mapped one for one to WebAssembly SIMD
 * (same lane semantics, same float operations in the same order), so the WebAssembly build
 * runs the vector code Debian's x86-64 speexenc/speexdec run instead of the scalar fallback.
 * Only what speex 1.2.1 uses is here; scripts/build-codecs.sh puts this folder first on the
 * speex include path. */
#ifndef LASTMILE_XMMINTRIN_SHIM
#define LASTMILE_XMMINTRIN_SHIM
#include <wasm_simd128.h>

typedef v128_t __m128;

#define _MM_SHUFFLE(z, y, x, w) (((z) << 6) | ((y) << 4) | ((x) << 2) | (w))
/* imm must be a constant expression, as for the x86 instruction. */
#define _mm_shuffle_ps(a, b, imm)                                                         \
  wasm_i32x4_shuffle((a), (b), (imm) & 3, ((imm) >> 2) & 3, (((imm) >> 4) & 3) + 4,       \
                     (((imm) >> 6) & 3) + 4)

static inline __m128 _mm_add_ps(__m128 a, __m128 b) { return wasm_f32x4_add(a, b); }
static inline __m128 _mm_sub_ps(__m128 a, __m128 b) { return wasm_f32x4_sub(a, b); }
static inline __m128 _mm_mul_ps(__m128 a, __m128 b) { return wasm_f32x4_mul(a, b); }
/* Lane 0 from the operation, lanes 1–3 from a. */
static inline __m128 _mm_add_ss(__m128 a, __m128 b) {
  return wasm_i32x4_shuffle(a, wasm_f32x4_add(a, b), 4, 1, 2, 3);
}
static inline __m128 _mm_sub_ss(__m128 a, __m128 b) {
  return wasm_i32x4_shuffle(a, wasm_f32x4_sub(a, b), 4, 1, 2, 3);
}
static inline __m128 _mm_move_ss(__m128 a, __m128 b) { return wasm_i32x4_shuffle(a, b, 4, 1, 2, 3); }
static inline __m128 _mm_movehl_ps(__m128 a, __m128 b) { return wasm_i32x4_shuffle(a, b, 6, 7, 2, 3); }
static inline __m128 _mm_setzero_ps(void) { return wasm_f32x4_splat(0); }
static inline __m128 _mm_set1_ps(float x) { return wasm_f32x4_splat(x); }
static inline __m128 _mm_set_ps1(float x) { return wasm_f32x4_splat(x); }
static inline __m128 _mm_load_ps1(const float *p) { return wasm_f32x4_splat(*p); }
static inline __m128 _mm_setr_ps(float a, float b, float c, float d) {
  return wasm_f32x4_make(a, b, c, d);
}
static inline __m128 _mm_loadu_ps(const float *p) { return wasm_v128_load(p); }
static inline void _mm_storeu_ps(float *p, __m128 a) { wasm_v128_store(p, a); }
static inline void _mm_store_ss(float *p, __m128 a) { *p = wasm_f32x4_extract_lane(a, 0); }
#endif
