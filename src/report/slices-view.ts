import type { SlicesResult } from '../slices/find-slices.js';

/** The worst-slices section of the reports, from slices.json (when `lastmile slices` was run). */
export interface SlicesView {
  readonly metric: 'degradation' | 'clean-wer';
  /** Slices that met support (the max-T family). */
  readonly family: number;
  readonly permutations: number;
  readonly seed: number | string;
  readonly discoverySpeakers: number;
  readonly confirmationSpeakers: number;
  readonly rows: readonly {
    readonly rank: number;
    readonly label: string;
    readonly speakers: number;
    /** WER points. */
    readonly excess: number;
    readonly ci: readonly [number, number];
    readonly pMaxT: number;
    readonly heldOut: 'confirmed' | 'not confirmed' | 'not carried';
  }[];
}

export function slicesViewOf(r: SlicesResult): SlicesView {
  return {
    metric: r.metric,
    family: r.search.family,
    permutations: r.search.permutations,
    seed: r.split.seed,
    discoverySpeakers: r.split.discovery.length,
    confirmationSpeakers: r.split.confirmation.length,
    rows: r.slices.map((s) => ({
      rank: s.rank,
      label: s.label,
      speakers: s.figures.speakers,
      excess: s.figures.excess,
      ci: s.figures.ci,
      pMaxT: s.pMaxT,
      heldOut: s.confirmation
        ? s.confirmation.confirmed
          ? 'confirmed'
          : 'not confirmed'
        : 'not carried',
    })),
  };
}
