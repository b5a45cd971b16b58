/* MP3 (LAME): mono PCM at the stream's rate -> an MPEG audio layer III bitstream, constant bit
 * rate, no ID3 or Xing/Info tag (as ffmpeg's libmp3lame writes a raw .mp3 without -write_xing). */
#include <stdlib.h>
#include "lame.h"

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(lm_malloc) void *lm_malloc(size_t n) { return malloc(n); }
EXPORT(lm_free) void lm_free(void *p) { free(p); }

/* quality: LAME's algorithm quality, 0 (best) … 9, or -1 for LAME's default (what ffmpeg's
 * libmp3lame leaves unless -compression_level is given). Returns NULL on bad settings. */
EXPORT(lm_lame_encoder) lame_t lm_lame_encoder(int rate, int kbps, int quality) {
  lame_t l = lame_init();
  lame_set_in_samplerate(l, rate);
  lame_set_out_samplerate(l, rate);
  lame_set_num_channels(l, 1);
  lame_set_mode(l, MONO);
  lame_set_brate(l, kbps);
  lame_set_VBR(l, vbr_off);
  lame_set_bWriteVbrTag(l, 0);
  if (quality >= 0) lame_set_quality(l, quality);
  if (lame_init_params(l) < 0) {
    lame_close(l);
    return NULL;
  }
  return l;
}

EXPORT(lm_lame_close) void lm_lame_close(lame_t l) { lame_close(l); }
EXPORT(lm_lame_delay) int lm_lame_delay(lame_t l) { return lame_get_encoder_delay(l); }

/* Encodes n samples and flushes; returns bytes written to out (cap bytes), < 0 on error. */
EXPORT(lm_lame_encode)
int lm_lame_encode(lame_t l, short *pcm, int n, unsigned char *out, int cap) {
  int a = lame_encode_buffer(l, pcm, pcm, n, out, cap);
  if (a < 0) return a;
  int b = lame_encode_flush(l, out + a, cap - a);
  return b < 0 ? b : a + b;
}
