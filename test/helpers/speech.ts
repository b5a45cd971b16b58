import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readAudio } from '../../src/audio/read.js';
import type { Audio } from '../../src/audio/types.js';

/** The bundled corpus, or another NeMo-style manifest named by LASTMILE_TEST_MANIFEST. */
export const CORPUS_MANIFEST = resolve(
  process.env.LASTMILE_TEST_MANIFEST ?? 'fixtures/corpus/manifest.jsonl',
);

interface ManifestRow {
  id: string;
  audio_filepath: string;
  speaker: string;
  text: string;
}

/** The bundled corpus rows, for tests that need real speech. */
export function corpusRows(): ManifestRow[] {
  return readFileSync(CORPUS_MANIFEST, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ManifestRow);
}

/** The `index`-th clip of the bundled corpus as 16 kHz mono. */
export async function speechClip(
  index = 0,
  sampleRate = 16_000,
): Promise<Audio & { id: string; speaker: string }> {
  const row = corpusRows()[index];
  const audio = await readAudio(resolve(dirname(CORPUS_MANIFEST), row.audio_filepath), sampleRate);
  return { ...audio, id: row.id, speaker: row.speaker };
}
