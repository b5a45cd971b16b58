import { Heap, loadWasm } from '../wasm/load.js';
import type { Codec, OpusBandwidth } from './types.js';

const BANDWIDTH: Record<OpusBandwidth, number> = {
  narrowband: 1101,
  mediumband: 1102,
  wideband: 1103,
  superwideband: 1104,
  fullband: 1105,
};
const VOIP = 2048;
export const OPUS_RATES = [8000, 12000, 16000, 24000, 48000] as const;

/**
 * Opus by libopus in VoIP mode, one packet a frame, at any of its API rates (the caller picks:
 * the clip's own rate when Opus accepts it, so no resampling is added). Complexity defaults to
 * libopus's own default (9 in 1.3); bandwidth caps the coded band (OPUS_SET_MAX_BANDWIDTH, what
 * ffmpeg's -cutoff does).
 *
 * `file`: another build of the module (bench/codec-stages.ts compares builds).
 */
export function opusCodec(file = 'opus.wasm'): Codec {
  const lib = loadWasm(file);
  const x = lib.exports;
  const frameSamples = (seconds: number, rate: number) => Math.round(seconds * rate);
  return {
    name: 'opus',
    rate: 48000,
    defaultBitrate: 16000,
    backend: {
      codec: 'opus',
      kind: 'wasm',
      library:
        'libopus 1.3.1 (Debian 1.3.1-3), float; noise-shaping prediction in WebAssembly SIMD',
      build: `opus.wasm ${lib.sha256}`,
    },
    encode(pcm, s, rate = 48000) {
      const size = frameSamples(s.frame ?? 0.02, rate);
      const frames = Math.ceil(pcm.length / size);
      const heap = new Heap(lib);
      try {
        const input = heap.alloc(frames * size * 2);
        new Int16Array(lib.memory.buffer, input, frames * size).fill(0).set(pcm);
        const cap = frames * 1500;
        const out = heap.alloc(cap);
        const lengths = heap.alloc(frames * 4);
        const e = x.lm_opus_encoder(
          rate,
          VOIP,
          s.bitrate ?? 16000,
          BANDWIDTH[s.bandwidth ?? 'wideband'],
          s.complexity ?? 9,
        );
        if (!e) throw new RangeError(`opus: libopus refused rate ${rate} / bitrate ${s.bitrate}`);
        const n = x.lm_opus_encode(e, input, size, frames, out, cap, lengths);
        x.lm_opus_encoder_free(e);
        if (n < 0) throw new Error(`opus: libopus error ${n} while encoding`);
        return { bytes: heap.u8(out, n), packets: heap.i32(lengths, frames) };
      } finally {
        heap.free();
      }
    },
    async decode({ bytes, packets }, s, rate = 48000) {
      if (!packets) throw new Error('opus: a bitstream needs its packet lengths');
      const size = frameSamples(s.frame ?? 0.02, rate);
      const heap = new Heap(lib);
      try {
        const input = heap.put(bytes);
        const lengths = heap.put(packets);
        const out = heap.alloc(packets.length * size * 2);
        const d = x.lm_opus_decoder(rate);
        const err = x.lm_opus_decode(d, input, lengths, packets.length, size, out);
        x.lm_opus_decoder_free(d);
        if (err < 0) throw new Error(`opus: libopus error ${err} while decoding`);
        return heap.i16(out, packets.length * size);
      } finally {
        heap.free();
      }
    },
  };
}
