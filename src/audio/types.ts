/** Mono audio at one sample rate. Samples are floats, full scale ±1. */
export interface Audio {
  readonly samples: Float32Array;
  readonly sampleRate: number;
}

/** The working rate of the pipeline unless a run configures another. */
export const DEFAULT_SAMPLE_RATE = 16_000;

export function durationSeconds(audio: Audio): number {
  return audio.samples.length / audio.sampleRate;
}
