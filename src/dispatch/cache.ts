import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { EngineIdentity } from '../engines/types.js';

/** What the cache keeps per call: the transcript and enough to tell where it came from. */
export interface CachedTranscript {
  readonly text: string;
  readonly engine: string;
  readonly audioSha256: string;
  /** The engine's `identity().version` when the transcript was made. */
  readonly version?: string;
  readonly createdAt: string;
  /** How long the call took (ms): `lastmile plan` reads it to estimate a run's time. */
  readonly latencyMs?: number;
}

/** `$LASTMILE_CACHE_DIR`, else `$XDG_CACHE_HOME/lastmile/transcripts`, else `~/.cache/…`. */
export function defaultCacheDir(): string {
  if (process.env.LASTMILE_CACHE_DIR) return process.env.LASTMILE_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'lastmile', 'transcripts');
}

/**
 * The content address of one engine call: sha256 over the engine id, its transcript-relevant
 * config (keys sorted, so order in a YAML file does not matter), its identity (version and
 * model files, so an upgrade or a replaced model is a miss) and the audio's sha256.
 */
export function cacheKey(
  engineId: string,
  config: Readonly<Record<string, unknown>>,
  identity: EngineIdentity,
  audioSha256: string,
): string {
  return createHash('sha256')
    .update(JSON.stringify([engineId, canonical(config), canonical(identity), audioSha256]))
    .digest('hex');
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/**
 * A content-addressed transcript store on disk, one small JSON file per call under a
 * two-character fan-out folder. Only successful calls are stored. Writes go to a temporary
 * name and are renamed into place, so a killed run never leaves a torn entry and concurrent
 * runs sharing the folder are safe.
 */
export class TranscriptCache {
  constructor(readonly dir: string = defaultCacheDir()) {}

  private pathOf(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<CachedTranscript | undefined> {
    try {
      const entry = JSON.parse(await readFile(this.pathOf(key), 'utf8')) as CachedTranscript;
      return typeof entry.text === 'string' ? entry : undefined;
    } catch {
      return undefined; // missing or unreadable: a miss, and the next success overwrites it
    }
  }

  async set(key: string, entry: CachedTranscript): Promise<void> {
    const path = this.pathOf(key);
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      // Private to the user (folders 0700, files 0600): transcripts are customer speech.
      await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true, mode: 0o700 });
      await writeFile(temp, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
      await rename(temp, path);
    } catch {
      // A cache that cannot be written costs a repeat call later, not the run.
    }
  }
}
