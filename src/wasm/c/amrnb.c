/* AMR-NB (3GPP TS 26.073 fixed point, opencore-amr): 160 samples of 8 kHz PCM <-> one frame in
 * the RFC 4867 storage format (a table-of-contents byte, then the mode's class-ordered bits). */
#include <stdlib.h>
#include "interf_dec.h"
#include "interf_enc.h"

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(lm_malloc) void *lm_malloc(size_t n) { return malloc(n); }
EXPORT(lm_free) void lm_free(void *p) { free(p); }

EXPORT(lm_amrnb_encoder) void *lm_amrnb_encoder(int dtx) { return Encoder_Interface_init(dtx); }
EXPORT(lm_amrnb_encoder_free) void lm_amrnb_encoder_free(void *s) { Encoder_Interface_exit(s); }
EXPORT(lm_amrnb_decoder) void *lm_amrnb_decoder(void) { return Decoder_Interface_init(); }
EXPORT(lm_amrnb_decoder_free) void lm_amrnb_decoder_free(void *s) { Decoder_Interface_exit(s); }

/* Encodes `frames` frames, frame f in mode modes[f] (0 = 4.75 … 7 = 12.2 kbit/s); returns the
 * bytes written to `out` (at most 32 a frame). */
EXPORT(lm_amrnb_encode)
int lm_amrnb_encode(void *s, const short *pcm, int frames, const unsigned char *modes,
                    unsigned char *out) {
  int total = 0;
  for (int f = 0; f < frames; f++)
    total += Encoder_Interface_Encode(s, (enum Mode)modes[f], pcm + 160 * f, out + total, 0);
  return total;
}

/* Payload bytes after the table-of-contents byte, by frame type (RFC 4867 table 1). */
static const int SIZE[16] = {12, 13, 15, 17, 19, 20, 26, 31, 5, 6, 5, 5, 0, 0, 0, 0};

/* Decodes storage-format frames from `in` (`bytes` long) into 160 samples each, at most
 * `max` frames; returns the number of frames decoded, or -1 when a frame is cut short. */
EXPORT(lm_amrnb_decode)
int lm_amrnb_decode(void *s, const unsigned char *in, int bytes, short *pcm, int max) {
  int at = 0, n = 0;
  while (at < bytes && n < max) {
    int size = 1 + SIZE[(in[at] >> 3) & 15];
    if (at + size > bytes) return -1;
    Decoder_Interface_Decode(s, in + at, pcm + 160 * n, 0);
    at += size;
    n++;
  }
  return n;
}
