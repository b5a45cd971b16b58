import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { getPerturbation } from '../../perturbations/index.js';
import { readAudio } from '../../src/audio/read.js';
import type { Audio } from '../../src/audio/types.js';
import type { CorpusAccess } from '../../src/corpus/types.js';
import { drawSetting, type ParamSetting, type Scalar } from '../../src/perturbation/params.js';
import type { PerturbContext } from '../../src/perturbation/types.js';
import { createRng } from '../../src/rng.js';
import { CORPUS_MANIFEST, corpusRows, speechClip } from '../helpers/speech.js';

const FESTIVAL = ['speech.wav', 'speech-kal.wav', 'speech-ked.wav'];

/**
 * Real speech for the perturbation tests: the bundled corpus when it is present, else the three
 * festival clips in test/fixtures (scripts/make-test-speech.sh), one "speaker" each.
 */
export async function speech(index = 0): Promise<Audio & { id: string; speaker: string }> {
  if (existsSync(CORPUS_MANIFEST)) return speechClip(index);
  const audio = await readAudio(resolve('test/fixtures', FESTIVAL[index % 3]));
  return { ...audio, id: `fixture-${index % 3}`, speaker: `voice-${index % 3}` };
}

/** A corpus view over the test speech, for babble. */
export async function testCorpus(): Promise<CorpusAccess> {
  if (existsSync(CORPUS_MANIFEST)) {
    const rows = corpusRows().slice(0, 24);
    return {
      clips: rows.map((r) => ({ id: r.id, speaker: r.speaker })),
      load: async (id) => speechClip(rows.findIndex((r) => r.id === id)),
    };
  }
  const clips = await Promise.all([0, 1, 2].map((i) => speech(i)));
  return {
    clips: clips.map((c) => ({ id: c.id, speaker: c.speaker })),
    load: async (id) => clips.find((c) => c.id === id)!,
  };
}

/** Defaults filled in, the way the pipeline draws fixed settings. */
export function withDefaults(
  kind: string,
  values: Record<string, unknown>,
): Record<string, Scalar> {
  const p = getPerturbation(kind);
  const full: Record<string, Scalar> = {};
  for (const [name, spec] of Object.entries(p.params)) {
    if (values[name] !== undefined) full[name] = values[name] as Scalar;
    else if (spec.default !== undefined)
      full[name] = drawSetting(
        spec,
        { kind: 'fixed', value: spec.default } as ParamSetting,
        createRng(0),
      );
  }
  return full;
}

/** Applies a kind with notes captured; `clip` and `corpus` as babble needs them. */
export async function run(
  kind: string,
  audio: Audio,
  values: Record<string, unknown>,
  options: {
    seed?: number | string;
    clip?: { id: string; speaker: string };
    corpus?: CorpusAccess;
  } = {},
): Promise<{ out: Audio; notes: Record<string, Scalar> }> {
  const p = getPerturbation(kind);
  const full = withDefaults(kind, values);
  const problems = p.check?.(full as never) ?? [];
  if (problems.length) throw new Error(problems.join('; '));
  const notes: Record<string, Scalar> = {};
  const context: PerturbContext = {
    rng: createRng('test', kind, options.seed ?? 1),
    clip: options.clip ?? { id: 'test-clip', speaker: 'test-speaker' },
    corpus: options.corpus,
    resolvePath: (x) => resolve(x),
    note: (k, v) => {
      notes[k] = v;
    },
  };
  const out = await p.apply(audio, full as never, context);
  return { out, notes };
}

export function minus(a: Float32Array, b: Float32Array): Float32Array {
  return Float32Array.from(a, (x, i) => x - b[i]);
}

/** Repeats a clip to at least `seconds` (for statistics that need many frames). */
export function tile(audio: Audio, seconds: number): Audio {
  const n = Math.ceil(seconds * audio.sampleRate);
  const samples = new Float32Array(n);
  for (let i = 0; i < n; i++) samples[i] = audio.samples[i % audio.samples.length];
  return { samples, sampleRate: audio.sampleRate };
}
