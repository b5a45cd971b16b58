/* Opus (libopus, float build): PCM at 8/12/16/24/48 kHz <-> one packet a frame. */
#include <stdlib.h>
#include "opus.h"

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(lm_malloc) void *lm_malloc(size_t n) { return malloc(n); }
EXPORT(lm_free) void lm_free(void *p) { free(p); }

/* application: 2048 VoIP, 2049 audio. bandwidth: OPUS_BANDWIDTH_* (1101 … 1105), the most the
 * encoder may use (as ffmpeg's -cutoff sets it). Returns NULL on bad settings. */
EXPORT(lm_opus_encoder)
OpusEncoder *lm_opus_encoder(int rate, int application, int bitrate, int bandwidth,
                             int complexity) {
  int err = 0;
  OpusEncoder *e = opus_encoder_create(rate, 1, application, &err);
  if (err != OPUS_OK) return NULL;
  if (opus_encoder_ctl(e, OPUS_SET_BITRATE(bitrate)) != OPUS_OK ||
      opus_encoder_ctl(e, OPUS_SET_MAX_BANDWIDTH(bandwidth)) != OPUS_OK ||
      opus_encoder_ctl(e, OPUS_SET_COMPLEXITY(complexity)) != OPUS_OK ||
      /* The input is 16-bit PCM (as opusenc tells the encoder for 16-bit input). */
      opus_encoder_ctl(e, OPUS_SET_LSB_DEPTH(16)) != OPUS_OK) {
    opus_encoder_destroy(e);
    return NULL;
  }
  return e;
}

EXPORT(lm_opus_decoder) OpusDecoder *lm_opus_decoder(int rate) {
  int err = 0;
  OpusDecoder *d = opus_decoder_create(rate, 1, &err);
  return err == OPUS_OK ? d : NULL;
}

EXPORT(lm_opus_encoder_free) void lm_opus_encoder_free(OpusEncoder *e) { opus_encoder_destroy(e); }
EXPORT(lm_opus_decoder_free) void lm_opus_decoder_free(OpusDecoder *d) { opus_decoder_destroy(d); }

EXPORT(lm_opus_lookahead) int lm_opus_lookahead(OpusEncoder *e) {
  int n = 0;
  opus_encoder_ctl(e, OPUS_GET_LOOKAHEAD(&n));
  return n;
}

/* Encodes `frames` frames of `size` samples, a packet each (lengths to `lengths`); returns the
 * total bytes, or a negative libopus error. */
EXPORT(lm_opus_encode)
int lm_opus_encode(OpusEncoder *e, const short *pcm, int size, int frames, unsigned char *out,
                   int cap, int *lengths) {
  int total = 0;
  for (int f = 0; f < frames; f++) {
    int n = opus_encode(e, pcm + size * f, size, out + total, cap - total < 1500 ? cap - total : 1500);
    if (n < 0) return n;
    lengths[f] = n;
    total += n;
  }
  return total;
}

/* Decodes `frames` packets laid end to end into `size` samples each; returns 0 or a negative
 * libopus error. */
EXPORT(lm_opus_decode)
int lm_opus_decode(OpusDecoder *d, const unsigned char *in, const int *lengths, int frames,
                   int size, short *pcm) {
  int at = 0;
  for (int f = 0; f < frames; f++) {
    int n = opus_decode(d, in + at, lengths[f], pcm + size * f, size, 0);
    if (n < 0) return n;
    at += lengths[f];
  }
  return 0;
}
