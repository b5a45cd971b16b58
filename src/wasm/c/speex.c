/* Speex wideband (libspeex, float build): 320 samples of 16 kHz PCM <-> one packet, constant
 * bit rate (the highest quality whose bitrate does not exceed the target, as SPEEX_SET_BITRATE
 * picks it — what speexenc --bitrate and ffmpeg's -b:a do). */
#include <stdlib.h>
#include <speex/speex.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(lm_malloc) void *lm_malloc(size_t n) { return malloc(n); }
EXPORT(lm_free) void lm_free(void *p) { free(p); }

typedef struct {
  void *state;
  SpeexBits bits;
} coder;

/* mode: 0 narrowband (8 kHz, 160 samples), 1 wideband (16 kHz, 320), 2 ultra-wideband. */
EXPORT(lm_speex_encoder) coder *lm_speex_encoder(int mode, int bitrate, int complexity) {
  coder *c = malloc(sizeof *c);
  c->state = speex_encoder_init(speex_lib_get_mode(mode));
  speex_encoder_ctl(c->state, SPEEX_SET_BITRATE, &bitrate);
  speex_encoder_ctl(c->state, SPEEX_SET_COMPLEXITY, &complexity);
  speex_bits_init(&c->bits);
  return c;
}

EXPORT(lm_speex_decoder) coder *lm_speex_decoder(int mode) {
  coder *c = malloc(sizeof *c);
  c->state = speex_decoder_init(speex_lib_get_mode(mode));
  int enhance = 1;
  speex_decoder_ctl(c->state, SPEEX_SET_ENH, &enhance);
  speex_bits_init(&c->bits);
  return c;
}

EXPORT(lm_speex_encoder_free) void lm_speex_encoder_free(coder *c) {
  speex_encoder_destroy(c->state);
  speex_bits_destroy(&c->bits);
  free(c);
}

EXPORT(lm_speex_decoder_free) void lm_speex_decoder_free(coder *c) {
  speex_decoder_destroy(c->state);
  speex_bits_destroy(&c->bits);
  free(c);
}

EXPORT(lm_speex_frame_size) int lm_speex_frame_size(coder *c, int encoder) {
  int n = 0;
  if (encoder) speex_encoder_ctl(c->state, SPEEX_GET_FRAME_SIZE, &n);
  else speex_decoder_ctl(c->state, SPEEX_GET_FRAME_SIZE, &n);
  return n;
}

EXPORT(lm_speex_bitrate) int lm_speex_bitrate(coder *c) {
  int b = 0;
  speex_encoder_ctl(c->state, SPEEX_GET_BITRATE, &b);
  return b;
}

/* Encodes `frames` frames of `size` samples, one packet each: packet bytes go to `out`, their
 * lengths to `lengths`; returns the total bytes. */
EXPORT(lm_speex_encode)
int lm_speex_encode(coder *c, short *pcm, int size, int frames, unsigned char *out, int cap,
                    int *lengths) {
  int total = 0;
  for (int f = 0; f < frames; f++) {
    speex_bits_reset(&c->bits);
    speex_encode_int(c->state, pcm + size * f, &c->bits);
    lengths[f] = speex_bits_write(&c->bits, (char *)out + total, cap - total);
    total += lengths[f];
  }
  return total;
}

/* Decodes `frames` packets laid end to end (lengths in `lengths`); returns 0, or the index + 1
 * of the first packet that did not decode. */
EXPORT(lm_speex_decode)
int lm_speex_decode(coder *c, unsigned char *in, const int *lengths, int frames, int size,
                    short *pcm) {
  int at = 0;
  for (int f = 0; f < frames; f++) {
    speex_bits_read_from(&c->bits, (char *)in + at, lengths[f]);
    if (speex_decode_int(c->state, &c->bits, pcm + size * f) != 0) return f + 1;
    at += lengths[f];
  }
  return 0;
}
