import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodecBackend } from '../codecs/index.js';
import { corpusFingerprint } from '../corpus/load.js';
import type { Clip } from '../corpus/types.js';
import { cacheKey, type TranscriptCache } from '../dispatch/cache.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import { redact } from '../engines/secrets.js';
import type { EngineIdentity } from '../engines/types.js';
import { sha256 } from '../hash.js';
import type { PlannedCondition, RunPlan } from './plan.js';

/** What a clip × condition's audio was, without the audio: enough to write its rows. */
export interface AudioIdentity {
  readonly audioSha256: string;
  readonly params: readonly Record<string, unknown>[];
  readonly notes: Readonly<Record<string, unknown>>;
  /** The audio's length, for a cost estimate without the audio (absent in older stores). */
  readonly seconds?: number;
}

/**
 * Remembers which audio each (clip, condition) produced, so a warm re-run finds the
 * transcripts in the cache without perturbing anything: the cache is keyed by the audio's
 * hash, and without this store the only way to that hash is to make the audio again.
 *
 * The key holds everything the audio depends on: the clip file's bytes, clip id and speaker
 * (seeds and babble's choice of other speakers), the corpus (babble mixes other clips), the
 * scenario's hash (its seed and chains, and the bytes of the noise recordings and impulse
 * responses it names: run/record.ts — a bed replaced in place is a miss), the condition's name
 * (a seed key), the codec builds, and the DSP code itself (`dspBuild`). Entries live in
 * `<cache>/audio-identity/`, one small private file each, written to a temporary name and
 * renamed, like the transcript cache.
 */
export class WarmStart {
  private readonly dir: string;
  private readonly identities = new Map<Dispatcher, Promise<EngineIdentity>>();

  constructor(
    private readonly cache: TranscriptCache,
    private readonly run: {
      readonly corpus: string;
      /** Per scenario file: its text and the files it names, hashed (record.ts). */
      readonly scenarioInputs: ReadonlyMap<string, string>;
      readonly codecs: readonly CodecBackend[];
      readonly dspBuild: string;
    },
  ) {
    this.dir = join(cache.dir, 'audio-identity');
  }

  /** The clip file's hash; undefined when it cannot be read (the pool says why, cold). */
  async clipHash(clip: Clip): Promise<string | undefined> {
    try {
      return sha256(await readFile(clip.audioPath));
    } catch {
      return undefined;
    }
  }

  /** The key of a clip × condition's audio (clean included: the clip file's bytes alone). */
  keyOf(clip: Clip, clipHash: string, c: PlannedCondition): string {
    const scenario = c.scenario ? this.run.scenarioInputs.get(c.scenario.file) : null;
    return sha256(
      JSON.stringify([
        'lastmile/audio-identity/1',
        this.run.dspBuild,
        this.run.codecs.map((k) => [k.codec, k.library, k.build]),
        c.scenario ? this.run.corpus : null,
        scenario,
        c.name,
        c.condition.name,
        clip.id,
        clip.speaker,
        clipHash,
      ]),
    );
  }

  async get(key: string): Promise<AudioIdentity | undefined> {
    try {
      const entry = JSON.parse(await readFile(this.pathOf(key), 'utf8')) as AudioIdentity;
      return typeof entry.audioSha256 === 'string' ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, identity: AudioIdentity): Promise<void> {
    const path = this.pathOf(key);
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeFile(temp, `${JSON.stringify(identity)}\n`, { mode: 0o600 });
      await rename(temp, path);
    } catch {
      // A store that cannot be written costs perturbing again next time, not the run.
    }
  }

  /** The engine's cached transcript of this audio, as the dispatcher would return it. */
  async transcript(d: Dispatcher, audioSha256: string): Promise<string | undefined> {
    let identity = this.identities.get(d);
    if (!identity) {
      identity = d.engine.identity();
      this.identities.set(d, identity);
    }
    const key = cacheKey(d.engine.id, d.engine.config, await identity, audioSha256);
    const hit = await this.cache.get(key);
    return hit ? redact(hit.text) : undefined;
  }

  private pathOf(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }
}

/** The store for a run's plan: `scenarioInputs` from runFingerprint (record.ts), in plan order. */
export async function warmStart(
  cache: TranscriptCache,
  plan: RunPlan,
  scenarioInputs: readonly string[],
  codecs: readonly CodecBackend[],
): Promise<WarmStart> {
  return new WarmStart(cache, {
    corpus: corpusFingerprint(plan.corpus),
    scenarioInputs: new Map(plan.scenarios.map((s, i) => [s.file, scenarioInputs[i]])),
    codecs,
    dspBuild: await dspBuild(),
  });
}

/**
 * A hash of the code that makes a condition's audio (perturbations, DSP, audio I/O, codecs,
 * the seeded random streams, and the built-in perturbation modules), read from the files this
 * process runs — TypeScript source or the build. A change to any of it is a new audio identity.
 */
export async function dspBuild(): Promise<string> {
  const src = join(dirname(fileURLToPath(import.meta.url)), '..');
  const roots = ['perturbation', 'dsp', 'audio', 'codecs', 'wasm', join('..', 'perturbations')];
  // The build (dist/src) loads its WebAssembly from the source tree.
  roots.push(join('..', '..', 'src', 'wasm'));
  const files: string[] = [];
  for (const root of roots) files.push(...(await codeFiles(join(src, root))));
  for (const rng of ['rng.ts', 'rng.js']) files.push(join(src, rng));
  const h = createHash('sha256');
  for (const file of files.sort()) {
    try {
      h.update(file.slice(src.length)).update(await readFile(file));
    } catch {
      // rng.ts or rng.js: one of the two exists
    }
  }
  return h.digest('hex');
}

async function codeFiles(dir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await codeFiles(path)));
    else if (/\.(ts|js|mjs|wasm)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}
