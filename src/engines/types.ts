import type { Audio } from '../audio/types.js';

/** What an engine is asked to transcribe: one unit's audio, already perturbed. */
export interface EngineInput {
  /** `${condition}|${engine}|${clipId}`; unique within a run. */
  readonly unit: string;
  readonly clipId: string;
  readonly audio: Audio;
  /** The same audio as a canonical 16-bit mono WAV with a 44-byte header. */
  readonly wav: Buffer;
  /** sha256 of `wav`'s PCM samples (not its header), hex. */
  readonly audioSha256: string;
}

export interface TranscribeContext {
  /** Aborted when the dispatcher's per-call timeout expires or the run is interrupted. */
  readonly signal: AbortSignal;
}

/**
 * An engine call's outcome as a value. A failure says whether trying again could help
 * (`retryable`: rate limits, 5xx, timeouts, dropped connections) and, for HTTP engines, the
 * status and how long the server asked us to wait.
 */
export type EngineResult =
  | { readonly ok: true; readonly text: string; readonly raw?: unknown }
  | {
      readonly ok: false;
      readonly error: string;
      readonly retryable: boolean;
      readonly status?: number;
      readonly retryAfterMs?: number;
    };

/** How the dispatcher should drive an engine unless the user says otherwise. */
export interface DispatchDefaults {
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly retries: number;
}

/**
 * What, besides the id and config, decides an engine's transcripts: the recogniser's version
 * and the files it loads (models, dictionaries, the program itself). Part of the transcript
 * cache key, so an upgraded package or a replaced model never serves stale transcripts.
 */
export interface EngineIdentity {
  /** e.g. `pocketsphinx 5prealpha+dfsg-2, pocketsphinx-en-us 0.8+5prealpha+1-15`. */
  readonly version: string;
  /** Absolute path → `sha256:<hex>` (or `size:<bytes>,mtime:<ms>` for very large files). */
  readonly files: Readonly<Record<string, string>>;
}

/**
 * One speech recogniser. `transcribe` must not throw for call failures — it returns
 * `{ ok: false }`; a throw means a bug or a user error (missing binary) and ends the run.
 */
export interface Engine {
  /** The id the user wrote, e.g. `pocketsphinx`, `openai:http://127.0.0.1:8080`. */
  readonly id: string;
  /**
   * Everything that changes the transcript (model, language, decoder flags), without secrets:
   * part of the cache key and recorded in run.json.
   */
  readonly config: Readonly<Record<string, unknown>>;
  readonly defaults: DispatchDefaults;
  /** Version and model files, computed once per engine (hashing a model costs ~0.1 s). */
  identity(): Promise<EngineIdentity>;
  /** `identity().version`, for run.json; best effort. */
  version(): Promise<string>;
  transcribe(input: EngineInput, context: TranscribeContext): Promise<EngineResult>;
  /**
   * A hint that calls are coming (the run has work and no cache to answer it): an engine with
   * a slow start (loading a model) may begin it now, overlapping the run's own preparation.
   * Must not throw; a start-up failure is reported by the first `transcribe`.
   */
  warmUp?(): void;
  /** Releases processes, sockets and temp files. */
  close?(): Promise<void>;
}
