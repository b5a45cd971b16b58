import { Heap, loadWasm } from '../wasm/load.js';
import type { Codec, EncodeSettings } from './types.js';

/** Mode bit rates (3GPP TS 26.071 and 26.171), index = mode number. */
export const AMR_NB_MODES = [4750, 5150, 5900, 6700, 7400, 7950, 10200, 12200] as const;
export const AMR_WB_MODES = [6600, 8850, 12650, 14250, 15850, 18250, 19850, 23050, 23850] as const;

interface Variant {
  readonly name: 'amr-nb' | 'amr-wb';
  readonly file: string;
  readonly prefix: string;
  readonly rate: number;
  readonly frame: number;
  /** Largest storage-format frame in bytes (table-of-contents byte included). */
  readonly maxBytes: number;
  readonly modes: readonly number[];
  readonly defaultBitrate: number;
  readonly library: string;
  /** Payload bytes after the table-of-contents byte, by frame type (RFC 4867 tables). */
  readonly sizes: readonly number[];
}

const NB: Variant = {
  name: 'amr-nb',
  file: 'amrnb.wasm',
  prefix: 'lm_amrnb_',
  rate: 8000,
  frame: 160,
  maxBytes: 32,
  modes: AMR_NB_MODES,
  defaultBitrate: 12200,
  sizes: [12, 13, 15, 17, 19, 20, 26, 31, 5, 6, 5, 5, 0, 0, 0, 0],
  library: 'opencore-amr 0.1.6 (Debian 0.1.6-1), 3GPP TS 26.073 fixed point',
};

const WB: Variant = {
  name: 'amr-wb',
  file: 'amrwb.wasm',
  prefix: 'lm_amrwb_',
  rate: 16000,
  frame: 320,
  maxBytes: 61,
  modes: AMR_WB_MODES,
  defaultBitrate: 12650,
  sizes: [17, 23, 32, 36, 40, 46, 50, 58, 60, 5, 0, 0, 0, 0, 0, 0],
  library:
    'vo-amrwbenc 0.1.3 (Debian 0.1.3-2) encoder, opencore-amr 0.1.6 (Debian 0.1.6-1) decoder',
};

/** Frames in a storage-format bitstream (the decoder reports a frame cut short). */
function countFrames(v: Variant, bytes: Uint8Array): number {
  let n = 0;
  for (let at = 0; at < bytes.length; n++) at += 1 + v.sizes[(bytes[at] >> 3) & 15];
  return n;
}

/** The mode number of an exact mode bit rate; anything else is an error naming the modes. */
function modeOf(v: Variant, bitrate: number): number {
  const m = v.modes.indexOf(bitrate);
  if (m < 0)
    throw new RangeError(`${v.name} has no ${bitrate} bit/s mode (modes: ${v.modes.join(', ')})`);
  return m;
}

/**
 * AMR-NB (8 kHz, 20 ms frames) and AMR-WB (16 kHz): frames in the RFC 4867 storage format
 * (a `.amr` file without its magic line). Each frame's mode may differ — `frameBitrates` — as
 * an operator's link adaptation switches it during a call. No DTX (every frame is speech).
 */
function amrCodec(v: Variant, file = v.file): Codec {
  const lib = loadWasm(file);
  const call = (f: string, ...a: number[]) => lib.exports[v.prefix + f](...a);
  return {
    name: v.name,
    rate: v.rate,
    defaultBitrate: v.defaultBitrate,
    modes: v.modes,
    backend: { codec: v.name, kind: 'wasm', library: v.library, build: `${v.file} ${lib.sha256}` },
    encode(pcm, settings: EncodeSettings) {
      const frames = Math.ceil(pcm.length / v.frame);
      const modes = new Uint8Array(frames);
      const perFrame = settings.frameBitrates;
      const fixed = modeOf(v, settings.bitrate ?? v.defaultBitrate);
      for (let f = 0; f < frames; f++)
        modes[f] = perFrame ? modeOf(v, perFrame[Math.min(f, perFrame.length - 1)]) : fixed;
      const heap = new Heap(lib);
      try {
        const input = heap.alloc(frames * v.frame * 2);
        new Int16Array(lib.memory.buffer, input, frames * v.frame).fill(0).set(pcm);
        const modePtr = heap.put(modes);
        const out = heap.alloc(frames * v.maxBytes);
        const state = call('encoder', 0);
        const n = call('encode', state, input, frames, modePtr, out);
        call('encoder_free', state);
        return { bytes: heap.u8(out, n) };
      } finally {
        heap.free();
      }
    },
    async decode({ bytes }) {
      const max = countFrames(v, bytes);
      const heap = new Heap(lib);
      try {
        const input = heap.put(bytes);
        const out = heap.alloc(max * v.frame * 2);
        const state = call('decoder');
        const frames = call('decode', state, input, bytes.length, out, max);
        call('decoder_free', state);
        if (frames < 0) throw new Error(`${v.name}: the bitstream ends inside a frame`);
        return heap.i16(out, frames * v.frame);
      } finally {
        heap.free();
      }
    },
  };
}

/** `file`: another build of the module (bench/codec-stages.ts compares builds). */
export const amrNbCodec = (file?: string): Codec => amrCodec(NB, file);
export const amrWbCodec = (file?: string): Codec => amrCodec(WB, file);
