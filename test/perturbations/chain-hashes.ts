/**
 * The sha256 of every built-in scenario condition's output (each sweep value apart) on two
 * corpus clips: what test/perturbations/chain-hashes.test.ts holds the perturbations to. Made
 * by `npx tsx test/perturbations/chain-hashes.ts > test/perturbations/chain-hashes.json`;
 * regenerate it only when a change of output is meant (it changes every cached transcript and
 * what `lastmile reproduce` rebuilds for older bundles — say so in the commit).
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { perturbClip } from '../../src/perturbation/perturb-clip.js';
import { loadScenario } from '../../src/scenario/load.js';
import { speech, testCorpus } from './_speech.js';

export const CLIPS = [0, 13];

export async function chainHashes(): Promise<Record<string, string>> {
  const corpus = await testCorpus();
  const clips = await Promise.all(CLIPS.map((i) => speech(i)));
  const hashes: Record<string, string> = {};
  for (const file of readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const scenario = await loadScenario(join('scenarios', file));
    for (const condition of scenario.conditions) {
      for (const clip of clips) {
        const { audio } = await perturbClip(scenario, condition, clip, clip, corpus);
        const s = audio.samples;
        hashes[`${file} ${condition.name} ${clip.id}`] = createHash('sha256')
          .update(new Uint8Array(s.buffer, s.byteOffset, s.byteLength))
          .digest('hex')
          .slice(0, 32);
      }
    }
  }
  return hashes;
}

if (process.argv[1]?.endsWith('chain-hashes.ts'))
  process.stdout.write(`${JSON.stringify(await chainHashes(), null, 2)}\n`);
