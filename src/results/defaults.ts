/**
 * The one set of defaults a run, `lastmile stats` and the scenario language share. Kept free
 * of imports so every folder (scenario, stats, run, report) can read it without a cycle.
 */

/** When a result fails a run: a scenario's or suite's `thresholds`, else these. */
export interface Thresholds {
  /** WER points a group's degradation may exceed the other groups' (pooled) before it matters. */
  readonly excessDegradation: number;
  /** Family-wise error rate for the corrected tests. */
  readonly alpha: number;
  readonly failOn: 'disproportionate' | 'never';
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  excessDegradation: 5,
  alpha: 0.05,
  failOn: 'disproportionate',
};

/**
 * What a group needs in a cell before it gets a verdict. Below ten speakers a group's interval
 * is mostly the spread of its speakers; five is the least at which the tests still hold their
 * error rate (test/stats/simulation.test.ts), and 200 words keeps one speaker's slip from
 * deciding the excess.
 */
export const DEFAULT_MINIMUM = { speakers: 5, refWords: 200 } as const;

/** The manifest label that defines groups when none is named. */
export const DEFAULT_GROUP_BY = 'accent';

/** Fraction of error units above which a run exits with EXIT.runErrors. */
export const DEFAULT_MAX_ERROR_RATE = 0.05;
