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
  /** Version of the recogniser or its model, for run.json; best effort. */
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

/** Options given to an engine factory: the rest of the id and the user's config. */
export interface EngineSpec {
  readonly id: string;
  /** The text after `prefix:` (empty for ids without one). */
  readonly target: string;
  readonly config: Readonly<Record<string, unknown>>;
  /** Folder relative paths in config are resolved against (the suite file's, or cwd). */
  readonly baseDir: string;
}

export interface EngineFactory {
  /** `pocketsphinx`, `command`, `openai`, … — the id up to the first `:`. */
  readonly prefix: string;
  /** One line for `--help` and error messages: the id form and what it runs. */
  readonly usage: string;
  create(spec: EngineSpec): Promise<Engine>;
}
