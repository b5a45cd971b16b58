import { AMR_NB_MODES, AMR_WB_MODES, amrNbCodec, amrWbCodec } from './amr.js';
import { g711Codec } from './g711.js';
import { gsmCodec } from './gsm.js';
import { mp3Codec } from './mp3.js';
import { opusCodec } from './opus.js';
import { speexCodec } from './speex.js';
import { CODEC_NAMES, type Codec, type CodecBackend, type CodecName } from './types.js';

export type { Codec, CodecBackend, CodecName };
export { AMR_NB_MODES, AMR_WB_MODES, CODEC_NAMES };

const FACTORIES: Record<CodecName, () => Codec | Promise<Codec>> = {
  'g711-ulaw': () => g711Codec('ulaw'),
  'g711-alaw': () => g711Codec('alaw'),
  'amr-nb': amrNbCodec,
  'amr-wb': amrWbCodec,
  opus: opusCodec,
  speex: speexCodec,
  mp3: mp3Codec,
  gsm: gsmCodec,
};

const loaded = new Map<CodecName, Promise<Codec>>();

/** The codec, loaded once per process (its WebAssembly compiled and instantiated). */
export function loadCodec(name: CodecName): Promise<Codec> {
  let hit = loaded.get(name);
  if (!hit) {
    hit = Promise.resolve().then(FACTORIES[name]);
    hit.catch(() => loaded.delete(name));
    loaded.set(name, hit);
  }
  return hit;
}

/**
 * Loads every codec in `names` and returns a sentence per one that cannot run here (e.g. a
 * missing or corrupt .wasm file) — for `validate` and the start of a run, before any audio is
 * processed.
 */
export async function checkCodecs(names: Iterable<string>): Promise<string[]> {
  const problems: string[] = [];
  for (const name of new Set(names)) {
    if (!(CODEC_NAMES as readonly string[]).includes(name)) {
      problems.push(`unknown codec "${name}" (codecs: ${CODEC_NAMES.join(', ')})`);
      continue;
    }
    try {
      await loadCodec(name as CodecName);
    } catch (e) {
      problems.push(`codec ${name} cannot be loaded: ${(e as Error).message}`);
    }
  }
  return problems;
}

/** Backend and version of every codec (or of those named), for run.json. */
export async function codecBackends(
  names: Iterable<CodecName> = CODEC_NAMES,
): Promise<CodecBackend[]> {
  const out: CodecBackend[] = [];
  for (const name of new Set(names)) out.push((await loadCodec(name)).backend);
  return out;
}
