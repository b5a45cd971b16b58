// Prints a sha256 of the perturbed audio (and the drawn values and notes) for every condition of
// the given scenarios on the first three clips of the bundled corpus, one `scenario/condition/clip
// hash` line each: run before and after a refactor and diff the two to show the audio is
// bit-identical.
//   npx tsx scripts/audio-hashes.ts [scenario.yaml …] > before.txt
// Without arguments: scripts/every-kind.yaml and every scenario in scenarios/.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { readAudio } from '../src/audio/read.js';
import { corpusAccess } from '../src/corpus/access.js';
import { loadCorpus } from '../src/corpus/load.js';
import { perturbClip } from '../src/perturbation/perturb-clip.js';
import { loadScenario } from '../src/scenario/load.js';

const RATE = 16_000;
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : [
        'scripts/every-kind.yaml',
        ...readdirSync('scenarios')
          .filter((f) => f.endsWith('.yaml'))
          .map((f) => `scenarios/${f}`),
      ];
const corpus = await loadCorpus(resolve('fixtures/corpus/manifest.jsonl'));
const access = corpusAccess(corpus.clips, RATE);
const clips = await Promise.all(
  corpus.clips.slice(0, 3).map(async (c) => ({ ...c, ...(await readAudio(c.audioPath, RATE)) })),
);
for (const file of files) {
  const scenario = await loadScenario(file);
  for (const condition of scenario.conditions) {
    for (const clip of clips) {
      const { audio, params, notes } = await perturbClip(scenario, condition, clip, clip, access);
      const hash = createHash('sha256')
        .update(
          new Uint8Array(audio.samples.buffer, audio.samples.byteOffset, audio.samples.byteLength),
        )
        .update(JSON.stringify([params, notes]))
        .digest('hex');
      console.log(`${basename(file)}/${condition.name}/${clip.id} ${hash}`);
    }
  }
}
