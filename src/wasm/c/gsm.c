/* GSM 06.10 full rate (libgsm): 160 samples of 8 kHz 16-bit PCM <-> one 33-byte frame. */
#include <stdlib.h>
#include "gsm.h"

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(lm_malloc) void *lm_malloc(size_t n) { return malloc(n); }
EXPORT(lm_free) void lm_free(void *p) { free(p); }

EXPORT(lm_gsm_create) gsm lm_gsm_create(void) { return gsm_create(); }
EXPORT(lm_gsm_destroy) void lm_gsm_destroy(gsm g) { gsm_destroy(g); }

/* Encodes `frames` frames of 160 samples; writes 33 bytes a frame. */
EXPORT(lm_gsm_encode) void lm_gsm_encode(gsm g, short *pcm, int frames, unsigned char *out) {
  for (int f = 0; f < frames; f++) gsm_encode(g, pcm + 160 * f, out + 33 * f);
}

/* Decodes `frames` frames; returns the number that failed to parse (0 when all did). */
EXPORT(lm_gsm_decode) int lm_gsm_decode(gsm g, unsigned char *in, int frames, short *pcm) {
  int bad = 0;
  for (int f = 0; f < frames; f++) bad += gsm_decode(g, in + 33 * f, pcm + 160 * f) != 0;
  return bad;
}
