import { Heap, loadWasm } from '../wasm/load.js';
import type { Codec } from './types.js';

const FRAME = 160;
const BYTES = 33;

/** GSM 06.10 full rate (13 kbit/s, 8 kHz) by libgsm, the reference implementation. */
export function gsmCodec(): Codec {
  const lib = loadWasm('gsm.wasm');
  const x = lib.exports;
  return {
    name: 'gsm',
    rate: 8000,
    defaultBitrate: 13200,
    backend: {
      codec: 'gsm',
      kind: 'wasm',
      library: 'libgsm 1.0.22 (Debian 1.0.22-1)',
      build: `gsm.wasm ${lib.sha256}`,
    },
    encode(pcm) {
      const frames = Math.ceil(pcm.length / FRAME);
      const heap = new Heap(lib);
      try {
        const input = heap.alloc(frames * FRAME * 2);
        new Int16Array(lib.memory.buffer, input, frames * FRAME).fill(0).set(pcm);
        const out = heap.alloc(frames * BYTES);
        const g = x.lm_gsm_create();
        x.lm_gsm_encode(g, input, frames, out);
        x.lm_gsm_destroy(g);
        return { bytes: heap.u8(out, frames * BYTES) };
      } finally {
        heap.free();
      }
    },
    async decode({ bytes }) {
      const frames = Math.floor(bytes.length / BYTES);
      const heap = new Heap(lib);
      try {
        const input = heap.put(bytes);
        const out = heap.alloc(frames * FRAME * 2);
        const g = x.lm_gsm_create();
        const bad = x.lm_gsm_decode(g, input, frames, out);
        x.lm_gsm_destroy(g);
        if (bad) throw new Error(`gsm: ${bad} of ${frames} frames did not decode`);
        return heap.i16(out, frames * FRAME);
      } finally {
        heap.free();
      }
    },
  };
}
