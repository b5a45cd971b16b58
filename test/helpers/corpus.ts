import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeWav16 } from '../../src/audio/write.js';

export const BUNDLED = resolve('fixtures/corpus/manifest.jsonl');
const SPEECH = resolve('test/fixtures');

export async function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `lastmile-${label}-`));
}

/**
 * A corpus of `n` short synthetic clips (tone bursts, distinct per clip) in two groups, for
 * tests where the engine is the HTTP test double and the audio's content does not matter —
 * only that each clip and condition has different bytes.
 */
export async function toneCorpus(dir: string, n: number): Promise<string> {
  await mkdir(join(dir, 'clips'), { recursive: true });
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const samples = new Float32Array(8000);
    for (let t = 0; t < samples.length; t++)
      samples[t] = 0.3 * Math.sin((2 * Math.PI * (200 + 37 * i) * t) / 16000);
    await writeWav16(join(dir, 'clips', `c${i}.wav`), { samples, sampleRate: 16000 });
    lines.push(
      JSON.stringify({
        id: `c${i}`,
        audio: `clips/c${i}.wav`,
        text: `transcript of c${i}`,
        speaker: `s${i % 4}`,
        accent: i % 2 ? 'odd' : 'even',
      }),
    );
  }
  const manifest = join(dir, 'manifest.jsonl');
  await writeFile(manifest, `${lines.join('\n')}\n`);
  return manifest;
}

/**
 * Real speech for pocketsphinx: the bundled corpus when it is there, else the three festival
 * clips of test/fixtures (three voices standing in for three groups).
 */
export async function speechCorpus(dir: string): Promise<{ manifest: string; bundled: boolean }> {
  if (existsSync(BUNDLED)) return { manifest: BUNDLED, bundled: true };
  const rows = [
    {
      id: 'slt',
      audio: join(SPEECH, 'speech.wav'),
      text: 'The patient in bed four needs a fresh dressing. Please check the monitor before the doctor arrives.',
      speaker: 'slt',
      accent: 'us-slt',
    },
    {
      id: 'kal',
      audio: join(SPEECH, 'speech-kal.wav'),
      text: 'Turn the infusion pump down to twenty millilitres an hour.',
      speaker: 'kal',
      accent: 'us-kal',
    },
    {
      id: 'ked',
      audio: join(SPEECH, 'speech-ked.wav'),
      text: 'Call the night nurse if the alarm sounds again.',
      speaker: 'ked',
      accent: 'us-ked',
    },
  ];
  const manifest = join(dir, 'speech.jsonl');
  await writeFile(manifest, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return { manifest, bundled: false };
}

/** A one-condition scenario file (a gain change: cheap, and it changes every byte). */
export async function gainScenario(dir: string, name = 'quiet'): Promise<string> {
  const file = join(dir, `${name}.yaml`);
  await writeFile(
    file,
    `name: ${name}\nseed: 7\nconditions:\n  - name: minus6\n    chain:\n      - gain: { db: -6 }\n`,
  );
  return file;
}

/** A scenario with white noise at 30 dB SNR: exercises the seeded random draws. */
export async function noiseScenario(dir: string): Promise<string> {
  const file = join(dir, 'noise.yaml');
  await writeFile(
    file,
    'name: hiss\nseed: 3\nconditions:\n  - name: white30\n    chain:\n      - noise: { color: white, snr: 30 }\n',
  );
  return file;
}

/** Rows of a utterances.jsonl, sorted by unit, without the fields that vary run to run. */
export function comparable(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const {
        latencyMs: _l,
        cached: _c,
        attempts: _a,
        ...rest
      } = JSON.parse(l) as Record<string, unknown>;
      return rest;
    })
    .sort((a, b) => String(a.unit).localeCompare(String(b.unit)));
}
