/* lrintf/lrint as inline code instead of calls into wasi-libc (libopus's float2int calls them
 * per sample). musl defines them as `return rintf(x);` (`rint`), which is what these are, so
 * every result is the same; __builtin_rint(f) compiles to one f32/f64.nearest. Force-included
 * (scripts/build-codecs.sh) after math.h has declared the library functions. */
#ifndef LASTMILE_LRINT
#define LASTMILE_LRINT
#include <math.h>
static inline long lm_lrintf(float x) { return __builtin_rintf(x); }
static inline long lm_lrint(double x) { return __builtin_rint(x); }
#define lrintf lm_lrintf
#define lrint lm_lrint
#endif
