import { alawCompress, alawExpand, ulawCompress, ulawExpand } from '../dsp/g711.js';
import type { Codec } from './types.js';

/** G.711 in TypeScript (src/dsp/g711.ts), bit-exact to ITU-T G.191's g711.c. One byte a sample. */
export function g711Codec(law: 'ulaw' | 'alaw'): Codec {
  const name = law === 'ulaw' ? 'g711-ulaw' : 'g711-alaw';
  const [compress, expand] =
    law === 'ulaw' ? [ulawCompress, ulawExpand] : [alawCompress, alawExpand];
  const decodeTable = Int16Array.from({ length: 256 }, (_, c) => expand(c));
  // G.191 reads only the top 14 (µ-law) or 12 (A-law) bits of a sample — its first step is an
  // arithmetic shift, and ~x >> n equals ~(x >> n) — so one table lookup per sample encodes.
  const shift = law === 'ulaw' ? 2 : 4;
  const encodeTable = Uint8Array.from({ length: 65536 >> shift }, (_, j) =>
    compress((j - (32768 >> shift)) << shift),
  );
  const offset = 32768 >> shift;
  return {
    name,
    rate: 8000,
    defaultBitrate: 64000,
    backend: {
      codec: name,
      kind: 'typescript',
      library: 'lastmile src/dsp/g711.ts (ITU-T G.191 g711.c)',
      build: 'g711.ts',
    },
    encode(pcm) {
      const bytes = new Uint8Array(pcm.length);
      for (let i = 0; i < pcm.length; i++) bytes[i] = encodeTable[(pcm[i] >> shift) + offset];
      return { bytes };
    },
    async decode({ bytes }) {
      const out = new Int16Array(bytes.length);
      for (let i = 0; i < bytes.length; i++) out[i] = decodeTable[bytes[i]];
      return out;
    },
  };
}
