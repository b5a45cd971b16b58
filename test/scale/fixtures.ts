import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeWav16 } from '../../src/audio/write.js';

const WORDS = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima'.split(' ');

/**
 * A corpus big enough for verdicts (two groups of six speakers, > 200 reference words each)
 * of short distinct tones: the engine below does not listen, it only needs distinct audio.
 */
export async function scaleCorpus(dir: string, n = 24): Promise<string> {
  await mkdir(join(dir, 'clips'), { recursive: true });
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const samples = new Float32Array(4000);
    for (let t = 0; t < samples.length; t++)
      samples[t] = 0.3 * Math.sin((2 * Math.PI * (180 + 29 * i) * t) / 16000);
    await writeWav16(join(dir, 'clips', `c${i}.wav`), { samples, sampleRate: 16000 });
    const text = Array.from({ length: 20 }, (_, k) => WORDS[(i + k) % WORDS.length]).join(' ');
    lines.push(
      JSON.stringify({
        id: `c${i}`,
        audio: `clips/c${i}.wav`,
        text,
        speaker: `s${i % 12}`,
        accent: i % 2 ? 'odd' : 'even',
      }),
    );
  }
  const manifest = join(dir, 'manifest.jsonl');
  await writeFile(manifest, `${lines.join('\n')}\n`);
  return manifest;
}

/**
 * A TEST ENGINE (file:), fast and deterministic: it "hears" the clip's reference words, and
 * drops each word when a hex digit of the audio's hash is low — so conditions (different
 * audio) get different errors, and the same audio always gets the same transcript.
 */
export async function hashEngine(dir: string, manifest: string): Promise<string> {
  const file = join(dir, 'test-engine.mjs');
  await writeFile(
    file,
    `import { readFileSync } from 'node:fs';
const texts = new Map(readFileSync(${JSON.stringify(manifest)}, 'utf8').split('\\n').filter(Boolean).map((l) => { const r = JSON.parse(l); return [r.id, r.text]; }));
export default {
  defaults: { concurrency: 4 },
  async transcribe(input) {
    const words = texts.get(input.clipId).split(' ');
    const h = input.audioSha256;
    return words.filter((_, k) => parseInt(h[k % h.length], 16) >= (input.unit.startsWith('clean') ? 1 : 4)).join(' ');
  },
};
`,
  );
  return `file:${file}`;
}

/** White noise at 30 dB: seeded random draws, so a shard must draw what the whole run draws. */
export async function hissScenario(dir: string): Promise<string> {
  const file = join(dir, 'hiss.yaml');
  await writeFile(
    file,
    'name: hiss\nseed: 3\nconditions:\n  - name: white30\n    chain:\n      - noise: { color: white, snr: 30 }\n  - name: quiet\n    chain:\n      - gain: { db: -12 }\n',
  );
  return file;
}
