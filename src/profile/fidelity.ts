import type { Audio } from '../audio/types.js';
import { perturbClip } from '../perturbation/perturb-clip.js';
import type { Scenario } from '../scenario/types.js';
import { analyseRecording, type Profile } from './analyse.js';

export interface BandDifference {
  readonly centre: number;
  readonly recording: number;
  readonly model: number;
  /** model − recording, dB (the model's level shift removed). */
  readonly difference: number;
}

export interface ToneMatch {
  readonly frequency: number;
  readonly level: number;
  readonly model?: { readonly frequency: number; readonly level: number };
}

export interface Fidelity {
  readonly condition: string;
  readonly seconds: number;
  readonly model: Profile;
  readonly bands: readonly BandDifference[];
  /** Mean and largest |difference| over the bands within 50 dB of the recording's loudest. */
  readonly meanAbsDb: number;
  readonly maxAbsDb: number;
  readonly overallDb: number;
  readonly tones: readonly ToneMatch[];
  readonly period?: { readonly recording?: number; readonly model?: number };
  readonly duty?: { readonly recording: number; readonly model?: number };
  /** The rendered model, for listening. */
  readonly audio: Audio;
}

/**
 * Renders the model condition on silence through the library's own pipeline (perturbClip, the
 * code `lastmile run` uses), analyses the result exactly as the recording was analysed, and
 * compares: third-octave levels band by band, each recorded tone against the nearest modelled
 * one within 2 Hz, and the burst period and duty cycle. The speech level step does nothing on
 * silence, so what is heard is the noise alone at its scenario levels; `shift` (the scenario's
 * headroom offset) is added back before comparing.
 */
export async function measureFidelity(
  scenario: Scenario,
  recording: Profile,
  shift: number,
  maxSeconds = 60,
): Promise<Fidelity> {
  const condition = scenario.conditions.find(
    (c) => (c.sweep?.base ?? c.name) === `${scenario.name}-model`,
  );
  if (!condition) throw new Error(`${scenario.file}: no model condition to render`);
  const seconds = Math.min(recording.seconds, maxSeconds);
  const silence: Audio = {
    samples: new Float32Array(Math.round(seconds * recording.sampleRate)),
    sampleRate: recording.sampleRate,
  };
  const { audio } = await perturbClip(
    scenario,
    condition,
    { id: 'fidelity', speaker: 'fidelity' },
    silence,
  );
  const model = analyseRecording(audio);
  const byCentre = new Map(model.ltas.map((b) => [b.centre, b.level]));
  const loudest = Math.max(...recording.ltas.map((b) => b.level));
  const bands: BandDifference[] = recording.ltas.flatMap((b) => {
    const m = byCentre.get(b.centre);
    return m === undefined
      ? []
      : [
          {
            centre: b.centre,
            recording: b.level,
            model: m + shift,
            difference: m + shift - b.level,
          },
        ];
  });
  const counted = bands
    .filter((b) => b.recording >= loudest - 50)
    .map((b) => Math.abs(b.difference));
  const modelTones = model.tones.flatMap((s) => s.partials);
  const tones: ToneMatch[] = recording.tones.flatMap((s) =>
    s.partials.map((p) => {
      const near = modelTones
        .filter((q) => Math.abs(q.frequency - p.frequency) <= 2)
        .sort(
          (a, b) => Math.abs(a.frequency - p.frequency) - Math.abs(b.frequency - p.frequency),
        )[0];
      return {
        frequency: p.frequency,
        level: p.level,
        ...(near && { model: { frequency: near.frequency, level: near.level + shift } }),
      };
    }),
  );
  return {
    condition: condition.name,
    seconds,
    model,
    bands,
    meanAbsDb: counted.reduce((a, b) => a + b, 0) / Math.max(1, counted.length),
    maxAbsDb: Math.max(0, ...counted),
    overallDb: model.level.inBand + shift - recording.level.inBand,
    tones,
    ...((recording.bursts?.period !== undefined || model.bursts?.period !== undefined) && {
      period: { recording: recording.bursts?.period, model: model.bursts?.period },
    }),
    ...(recording.bursts && {
      duty: { recording: recording.bursts.duty, model: model.bursts?.duty },
    }),
    audio,
  };
}
