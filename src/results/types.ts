/**
 * One line of `utterances.jsonl`: one (clip × condition × engine) work unit. Written by
 * `lastmile run` as each unit completes; read by scoring, statistics and reports. A failed
 * engine call has `hypothesis: null` and an `error`: it is missing data, never scored.
 */
export interface UtteranceRow {
  /** `${condition}|${engine}|${id}` — unique within a run; resume skips units already present. */
  readonly unit: string;
  /** Clip id from the manifest. */
  readonly id: string;
  readonly speaker: string;
  /** Group labels of the clip (accent first), e.g. { accent: 'synthetic/th-stopping' }. */
  readonly labels: Readonly<Record<string, string>>;
  /** Condition name; `clean` is the implicit baseline. Swept conditions are `base@var=value`. */
  readonly condition: string;
  /** For swept conditions: base name and the swept values (for severity curves). */
  readonly sweep?: {
    readonly base: string;
    readonly values: Readonly<Record<string, number | string>>;
  };
  readonly engine: string;
  /** Scenario the condition comes from (absent for clean). */
  readonly scenario?: string;
  readonly reference: string;
  /** null when the engine call failed (see `error`). */
  readonly hypothesis: string | null;
  readonly error?: string;
  /** Perturbation parameters as drawn for this clip, step by step. */
  readonly params?: readonly Readonly<Record<string, unknown>>[];
  /** Notes raised while perturbing (e.g. clipping). */
  readonly notes?: Readonly<Record<string, unknown>>;
  /** sha256 of the 16-bit PCM audio sent to the engine. */
  readonly audioSha256?: string;
  readonly latencyMs?: number;
  readonly cached?: boolean;
  /** Engine calls made for this unit (1 + retries); 0 on a cache hit. */
  readonly attempts?: number;
}
