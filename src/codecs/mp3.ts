import { Heap, loadWasm } from '../wasm/load.js';
import type { Codec } from './types.js';

/**
 * MP3 at 16 kHz (MPEG-2 layer III), constant bit rate: encoded by LAME and decoded by
 * libmpg123, both compiled from Debian's sources (scripts/build-codecs.sh; mpg123's generic C
 * decoder with its own 16-bit rounding, as the mpg123 tool writes samples — 1.9× the speed
 * of the `mpg123-decoder` npm build it replaced, and nearer Debian's mpg123: ±1 LSB on 0.04 %
 * of samples against 0.07 %). The bitstream has no ID3 or Xing tag, so the decoder returns
 * LAME's encoder delay and padding too; the caller compensates the delay.
 */
export async function mp3Codec(): Promise<Codec> {
  const lib = loadWasm('lame.wasm');
  const x = lib.exports;
  const mpg = loadWasm('mpg123.wasm'); // fails here, at load, if the decoder cannot start
  return {
    name: 'mp3',
    rate: 16000,
    defaultBitrate: 32000,
    backend: {
      codec: 'mp3',
      kind: 'wasm',
      library:
        'LAME 3.100 (Debian 3.100-6) encoder, mpg123 1.31.2 (Debian 1.31.2-1+deb12u1) decoder',
      build: `lame.wasm ${lib.sha256}, mpg123.wasm ${mpg.sha256}`,
    },
    encode(pcm, s, rate = 16000) {
      const heap = new Heap(lib);
      try {
        const input = heap.put(pcm);
        // LAME's own worst case: 1.25 × samples + 7200 bytes.
        const cap = Math.ceil(1.25 * pcm.length) + 7200;
        const out = heap.alloc(cap);
        const kbps = Math.round((s.bitrate ?? 32000) / 1000);
        const l = x.lm_lame_encoder(rate, kbps, -1);
        if (!l) throw new RangeError(`mp3: LAME refused ${kbps} kbit/s at ${rate} Hz`);
        const n = x.lm_lame_encode(l, input, pcm.length, out, cap);
        x.lm_lame_close(l);
        if (n < 0) throw new Error(`mp3: LAME error ${n} while encoding`);
        return { bytes: heap.u8(out, n) };
      } finally {
        heap.free();
      }
    },
    async decode({ bytes }) {
      // One call over the clip, with a decoder state of its own (made and freed inside it).
      const heap = new Heap(mpg);
      try {
        const input = heap.put(bytes);
        const result = heap.alloc(12); // int16_t *out, int count, int rate
        const err = mpg.exports.lm_mp3_decode(input, bytes.length, result, result + 4, result + 8);
        if (err) throw new Error(`mp3: mpg123 error ${err} while decoding`);
        const [pcm, count] = new Int32Array(mpg.memory.buffer, result, 2);
        const out = new Int16Array(mpg.memory.buffer, pcm, count).slice();
        mpg.exports.lm_free(pcm);
        return out;
      } finally {
        heap.free();
      }
    },
  };
}
