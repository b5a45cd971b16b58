import { simulateRows } from '../stats/simulate.js';
import type { SliceRow } from './units.js';

/**
 * Synthetic rows for the slice search's checks (tests and bench/slices.ts): every accent ×
 * gender cell has its own speakers, drawn as in src/stats/simulate.ts (speaker effects on
 * clean WER and degradation), over one or more perturbed conditions. `planted` adds extra
 * degradation to one accent × gender cell only — an intersectional effect that neither
 * main effect shows in full.
 */
export interface SliceSimulation {
  readonly seed: number | string;
  readonly accents: readonly string[];
  readonly genders?: readonly string[];
  readonly speakersPerCell: number;
  readonly utterancesPerSpeaker?: number;
  readonly conditions?: readonly string[];
  readonly planted?: { readonly accent: string; readonly gender: string; readonly extra: number };
}

export function simulateSliceRows(o: SliceSimulation): SliceRow[] {
  const genders = o.genders ?? ['female', 'male'];
  const groups = o.accents.flatMap((accent) =>
    genders.map((gender) => ({
      name: `${accent}|${gender}`,
      speakers: o.speakersPerCell,
      extraDegradation:
        o.planted && o.planted.accent === accent && o.planted.gender === gender
          ? o.planted.extra
          : 0,
    })),
  );
  return simulateRows({
    seed: o.seed,
    groups,
    utterancesPerSpeaker: o.utterancesPerSpeaker ?? 4,
    conditions: o.conditions ?? ['noisy', 'codec'],
  }).map((row) => {
    const [accent, gender] = row.labels.accent.split('|');
    return { ...row, labels: { accent, gender } };
  });
}
