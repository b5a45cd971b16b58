/** The codec kinds lastmile offers, by the name a scenario uses. */
export const CODEC_NAMES = [
  'g711-ulaw',
  'g711-alaw',
  'amr-nb',
  'amr-wb',
  'opus',
  'speex',
  'mp3',
  'gsm',
] as const;
export type CodecName = (typeof CODEC_NAMES)[number];

export type OpusBandwidth = 'narrowband' | 'mediumband' | 'wideband' | 'superwideband' | 'fullband';

/** A coded clip: frames or packets end to end. */
export interface Bitstream {
  readonly bytes: Uint8Array;
  /** Each packet's length, for codecs whose packets do not delimit themselves (Opus, Speex). */
  readonly packets?: Int32Array;
}

export interface EncodeSettings {
  /** Target bit/s; for AMR, a mode's rate (others are refused). Codec default when absent. */
  readonly bitrate?: number;
  /** AMR: one mode's bit rate per frame (rate switching over time); overrides `bitrate`. */
  readonly frameBitrates?: ArrayLike<number>;
  /** Opus: the widest audio bandwidth the encoder may use. */
  readonly bandwidth?: OpusBandwidth;
  /** Opus: frame duration in seconds (0.0025 … 0.06). */
  readonly frame?: number;
  /** Opus: encoder complexity 0–10. */
  readonly complexity?: number;
}

/** Where a codec's implementation comes from: recorded in run.json and in its identity. */
export interface CodecBackend {
  readonly codec: CodecName;
  /** e.g. `wasm` (a reference library compiled by scripts/build-codecs.sh) or `typescript`. */
  readonly kind: 'wasm' | 'typescript';
  /** The reference implementation(s) and versions, e.g. `libgsm 1.0.22 (Debian 1.0.22-1)`. */
  readonly library: string;
  /** Content hash(es) of the compiled code, so a rebuild shows as a different identity. */
  readonly build: string;
}

/**
 * One codec at its native rate: 16-bit PCM in, bitstream, 16-bit PCM out. Encoding pads the
 * input with zeros to whole frames; decoding returns whole frames. Each call starts from a fresh
 * encoder/decoder state, so a clip's result does not depend on what was coded before it.
 */
export interface Codec {
  readonly name: CodecName;
  /** Native sample rate (Opus: the rate it is run at by default; it accepts 8–48 kHz). */
  readonly rate: number;
  /** Bit/s when a scenario gives none. */
  readonly defaultBitrate: number;
  /** AMR: the bit rates of its modes, lowest first. */
  readonly modes?: readonly number[];
  readonly backend: CodecBackend;
  encode(pcm: Int16Array, settings: EncodeSettings, rate?: number): Bitstream;
  decode(stream: Bitstream, settings: EncodeSettings, rate?: number): Promise<Int16Array>;
}
