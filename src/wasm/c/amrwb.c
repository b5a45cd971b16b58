/* AMR-WB (3GPP TS 26.173 fixed point): encoder vo-amrwbenc, decoder opencore-amr. 320 samples of
 * 16 kHz PCM <-> one frame in the RFC 4867 storage format. */
#include <stdlib.h>
#include "dec_if.h"
#include "enc_if.h"

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(lm_malloc) void *lm_malloc(size_t n) { return malloc(n); }
EXPORT(lm_free) void lm_free(void *p) { free(p); }

EXPORT(lm_amrwb_encoder) void *lm_amrwb_encoder(void) { return E_IF_init(); }
EXPORT(lm_amrwb_encoder_free) void lm_amrwb_encoder_free(void *s) { E_IF_exit(s); }
EXPORT(lm_amrwb_decoder) void *lm_amrwb_decoder(void) { return D_IF_init(); }
EXPORT(lm_amrwb_decoder_free) void lm_amrwb_decoder_free(void *s) { D_IF_exit(s); }

/* Encodes `frames` frames, frame f in mode modes[f] (0 = 6.60 … 8 = 23.85 kbit/s); returns the
 * bytes written (at most 61 a frame). */
EXPORT(lm_amrwb_encode)
int lm_amrwb_encode(void *s, const short *pcm, int frames, const unsigned char *modes,
                    unsigned char *out) {
  int total = 0;
  for (int f = 0; f < frames; f++)
    total += E_IF_encode(s, modes[f], pcm + 320 * f, out + total, 0);
  return total;
}

static const int SIZE[16] = {17, 23, 32, 36, 40, 46, 50, 58, 60, 5, 0, 0, 0, 0, 0, 0};

/* As lm_amrnb_decode, 320 samples a frame. */
EXPORT(lm_amrwb_decode)
int lm_amrwb_decode(void *s, const unsigned char *in, int bytes, short *pcm, int max) {
  int at = 0, n = 0;
  while (at < bytes && n < max) {
    int size = 1 + SIZE[(in[at] >> 3) & 15];
    if (at + size > bytes) return -1;
    D_IF_decode(s, in + at, pcm + 320 * n, _good_frame);
    at += size;
    n++;
  }
  return n;
}
