import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MPEGDecoder } from 'mpg123-decoder';
import { Heap, loadWasm } from '../wasm/load.js';
import { toInt16 } from './pcm.js';
import type { Codec } from './types.js';

/** The decoder package's version (its exports map hides package.json from require). */
function mpg123Version(): string {
  const main = createRequire(import.meta.url).resolve('mpg123-decoder');
  return (
    JSON.parse(readFileSync(join(dirname(main), 'package.json'), 'utf8')) as { version: string }
  ).version;
}

/**
 * MP3 at 16 kHz (MPEG-2 layer III), constant bit rate: encoded by LAME (compiled from Debian's
 * source), decoded by mpg123 (the `mpg123-decoder` package's WebAssembly build). The bitstream
 * has no ID3 or Xing tag, so the decoder returns LAME's encoder delay and padding too; the
 * caller compensates the delay.
 */
export async function mp3Codec(): Promise<Codec> {
  const lib = loadWasm('lame.wasm');
  const x = lib.exports;
  const probe = new MPEGDecoder(); // fails here, at load, if the decoder cannot start
  await probe.ready;
  probe.free();
  return {
    name: 'mp3',
    rate: 16000,
    defaultBitrate: 32000,
    backend: {
      codec: 'mp3',
      kind: 'wasm+npm',
      library: `LAME 3.100 (Debian 3.100-6) encoder, mpg123-decoder ${mpg123Version()} decoder`,
      build: `lame.wasm ${lib.sha256}`,
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
      // A decoder of its own for every clip: a fresh state, and clips decoded concurrently
      // cannot reset each other's (the compiled module is cached by the package).
      const decoder = new MPEGDecoder();
      await decoder.ready;
      let decoded: ReturnType<MPEGDecoder['decode']>;
      try {
        decoded = decoder.decode(bytes);
      } finally {
        decoder.free();
      }
      const { channelData, samplesDecoded, errors } = decoded;
      if (errors.length) throw new Error(`mp3: mpg123: ${errors[0].message}`);
      // Rounded to nearest, halves up, saturated — as Math.round — by the shared conversion,
      // ~4× faster than a Math.round/min/max loop over the clip.
      return toInt16(channelData[0].subarray(0, samplesDecoded));
    },
  };
}
