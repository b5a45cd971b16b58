import { Heap, loadWasm } from '../wasm/load.js';
import type { Codec } from './types.js';

const FRAME = 320;
const WIDEBAND = 1;
/** speexenc's default (the library's own is 2). */
const COMPLEXITY = 3;

/**
 * Speex wideband (16 kHz, 20 ms frames) by libspeex, constant bit rate: the highest quality
 * whose rate does not exceed the target (SPEEX_SET_BITRATE, as ffmpeg's libspeex encoder
 * sets it for -b:a), complexity 3 (speexenc's default), perceptual enhancement on in the decoder (libspeex's
 * and speexdec's default).
 *
 * `file`: another build of the module (bench/codec-stages.ts compares builds).
 */
export function speexCodec(file = 'speex.wasm'): Codec {
  const lib = loadWasm(file);
  const x = lib.exports;
  return {
    name: 'speex',
    rate: 16000,
    defaultBitrate: 16000,
    backend: {
      codec: 'speex',
      kind: 'wasm',
      library: 'libspeex 1.2.1 (Debian 1.2.1-2), float with its SSE paths in WebAssembly SIMD',
      build: `speex.wasm ${lib.sha256}`,
    },
    encode(pcm, settings) {
      const frames = Math.ceil(pcm.length / FRAME);
      const heap = new Heap(lib);
      try {
        const input = heap.alloc(frames * FRAME * 2);
        new Int16Array(lib.memory.buffer, input, frames * FRAME).fill(0).set(pcm);
        const cap = frames * 200 + 200;
        const out = heap.alloc(cap);
        const lengths = heap.alloc(frames * 4);
        const state = x.lm_speex_encoder(WIDEBAND, settings.bitrate ?? 16000, COMPLEXITY);
        const n = x.lm_speex_encode(state, input, FRAME, frames, out, cap, lengths);
        x.lm_speex_encoder_free(state);
        return { bytes: heap.u8(out, n), packets: heap.i32(lengths, frames) };
      } finally {
        heap.free();
      }
    },
    async decode({ bytes, packets }) {
      if (!packets) throw new Error('speex: a bitstream needs its packet lengths');
      const heap = new Heap(lib);
      try {
        const input = heap.put(bytes);
        const lengths = heap.put(packets);
        const out = heap.alloc(packets.length * FRAME * 2);
        const state = x.lm_speex_decoder(WIDEBAND);
        const bad = x.lm_speex_decode(state, input, lengths, packets.length, FRAME, out);
        x.lm_speex_decoder_free(state);
        if (bad) throw new Error(`speex: packet ${bad - 1} did not decode`);
        return heap.i16(out, packets.length * FRAME);
      } finally {
        heap.free();
      }
    },
  };
}
