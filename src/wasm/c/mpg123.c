/* MP3 decoding for src/codecs/mp3.ts: libmpg123 from Debian's mpg123 source (generic C
 * decoder, float synthesis, 16-bit output by libmpg123's own rounding, as the mpg123 tool
 * writes it), a whole clip per call through the feed reader. */
#include <mpg123.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(lm_malloc) void *lm_malloc(size_t n) { return malloc(n); }
EXPORT(lm_free) void lm_free(void *p) { free(p); }

/* Decodes bytes[0 … n) (mono) into 16-bit PCM: *out receives a buffer from lm_malloc (the
 * caller frees it), *count its sample count, *rate the stream's rate. Returns 0, or
 * libmpg123's error code. */
EXPORT(lm_mp3_decode)
int lm_mp3_decode(const unsigned char *bytes, int n, int16_t **out, int *count, int *rate) {
  int err = MPG123_OK;
  mpg123_handle *mh = mpg123_new(NULL, &err);
  if (!mh) return err ? err : MPG123_ERR;
  *out = NULL;
  *count = 0;
  *rate = 0;
  size_t cap = 0, used = 0;
  int16_t *pcm = NULL;
  const long *rates;
  size_t nrates;
  mpg123_rates(&rates, &nrates);
  mpg123_param(mh, MPG123_FLAGS, MPG123_QUIET, 0);
  mpg123_format_none(mh);
  for (size_t i = 0; i < nrates; i++) mpg123_format(mh, rates[i], MPG123_MONO, MPG123_ENC_SIGNED_16);
  if ((err = mpg123_open_feed(mh)) != MPG123_OK) goto done;
  if ((err = mpg123_feed(mh, bytes, (size_t)n)) != MPG123_OK) goto done;
  for (;;) {
    if (cap - used < 4608) {
      size_t grown = cap ? 2 * cap : 65536;
      int16_t *p = realloc(pcm, grown * sizeof *pcm);
      if (!p) {
        err = MPG123_OUT_OF_MEM;
        goto done;
      }
      pcm = p;
      cap = grown;
    }
    size_t got = 0;
    int r = mpg123_read(mh, (unsigned char *)(pcm + used), (cap - used) * sizeof *pcm, &got);
    used += got / sizeof *pcm;
    if (r == MPG123_NEW_FORMAT) {
      long frate;
      int channels, encoding;
      mpg123_getformat(mh, &frate, &channels, &encoding);
      *rate = (int)frate;
      continue;
    }
    if (r == MPG123_OK) continue;
    if (r == MPG123_NEED_MORE || r == MPG123_DONE) break;
    err = r;
    goto done;
  }
  err = MPG123_OK;
  *out = pcm;
  *count = (int)used;
  pcm = NULL;
done:
  free(pcm);
  mpg123_delete(mh);
  return err;
}
