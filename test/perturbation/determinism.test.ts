import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Audio } from '../../src/audio/types.js';
import { perturbClip } from '../../src/perturbation/perturb-clip.js';
import { loadScenario } from '../../src/scenario/load.js';
import { speechClip } from '../helpers/speech.js';

function sha(audio: Audio): string {
  return createHash('sha256')
    .update(
      new Uint8Array(audio.samples.buffer, audio.samples.byteOffset, audio.samples.byteLength),
    )
    .digest('hex');
}

async function hashes(
  order: number[],
  clips: (Audio & { id: string; speaker: string })[],
  file: string,
): Promise<Map<string, string>> {
  const scenario = await loadScenario(file);
  const out = new Map<string, string>();
  await Promise.all(
    order.map(async (i) => {
      for (const condition of [...scenario.conditions].reverse()) {
        const { audio } = await perturbClip(scenario, condition, clips[i], clips[i]);
        out.set(`${condition.name}/${clips[i].id}`, sha(audio));
      }
    }),
  );
  return out;
}

describe('determinism', () => {
  it('the same (seed, condition, clip) gives bit-identical audio in any order, concurrently, and in another process', async () => {
    const clips = await Promise.all([0, 1, 2, 3].map((i) => speechClip(i)));
    const file = 'scenarios/hospital-ward.yaml';
    const forward = await hashes([0, 1, 2, 3], clips, file);
    const backward = await hashes([3, 2, 1, 0], clips, file);
    expect([...backward.entries()].sort()).toEqual([...forward.entries()].sort());
    // Different clips and conditions do get different randomness.
    expect(new Set(forward.values()).size).toBe(forward.size);

    const script = `
      import { createHash } from 'node:crypto';
      import { perturbClip } from './src/perturbation/perturb-clip.ts';
      import { loadScenario } from './src/scenario/load.ts';
      import { speechClip } from './test/helpers/speech.ts';
      const clip = await speechClip(2);
      const s = await loadScenario('${file}');
      const { audio } = await perturbClip(s, s.conditions[1], clip, clip);
      console.log(createHash('sha256').update(new Uint8Array(audio.samples.buffer)).digest('hex'));`;
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: resolve('.'), encoding: 'utf8', env: process.env },
    );
    expect(child.stderr).toBe('');
    const scenario = await loadScenario(file);
    expect(child.stdout.trim()).toBe(forward.get(`${scenario.conditions[1].name}/${clips[2].id}`));
  });
});
