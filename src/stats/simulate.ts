import { createRng, type Rng } from '../rng.js';
import type { StatsRow } from './aggregate.js';

/**
 * Synthetic `utterances.jsonl` rows with known error rates, for the statistics' simulation
 * checks and the benchmark. Each speaker has a random effect on the logit of their error rate
 * (realistic speaker variance, shared by clean and perturbed audio) and a smaller one on
 * their degradation; a group can carry a planted extra degradation (probability points).
 * Every error is a substitution of one reference word, so a unit's error count is exactly
 * the number drawn.
 */
export interface SimulationGroup {
  readonly name: string;
  readonly speakers: number;
  /** Extra probability of error under every perturbed condition (0.1 = +10 WER points). */
  readonly extraDegradation?: number;
}

export interface SimulationOptions {
  readonly seed: number | string;
  readonly groups: readonly SimulationGroup[];
  readonly utterancesPerSpeaker: number;
  /** Reference words per utterance, drawn uniformly from [min, max]. */
  readonly words?: readonly [number, number];
  /** Clean WER of a typical speaker (default 0.1). */
  readonly baseWer?: number;
  /** WER added by the perturbed condition for a typical speaker (default 0.15). */
  readonly degradation?: number;
  /** SD of the speaker effect on the logit error rate (default 0.5). */
  readonly speakerSd?: number;
  /** SD of the speaker effect on the logit degradation (default 0.3). */
  readonly speakerDegradationSd?: number;
  /** Perturbed conditions (default ['noisy']). Each may be a sweep point. */
  readonly conditions?: readonly (
    | string
    | { name: string; base: string; value: number; extraScale?: number }
  )[];
  readonly engines?: readonly string[];
  /** One speaker whose degradation is raised by `extra` (probability points). */
  readonly outlier?: { readonly group: string; readonly extra: number };
  /** Fraction of units whose engine call "fails" (hypothesis null). */
  readonly errorRate?: number;
  /** Vocabulary of reference words (default: a small fixed word list). */
  readonly vocabulary?: readonly string[];
}

const VOCAB = [
  'the',
  'patient',
  'needs',
  'a',
  'blood',
  'pressure',
  'check',
  'before',
  'morning',
  'rounds',
  'please',
  'bring',
  'chart',
  'from',
  'ward',
  'seven',
  'nurse',
  'will',
  'call',
  'doctor',
  'after',
  'lunch',
  'scan',
  'shows',
  'no',
  'change',
  'since',
  'last',
  'week',
  'and',
];

const logit = (p: number) => Math.log(p / (1 - p));
const expit = (x: number) => 1 / (1 + Math.exp(-x));

function binomial(rng: Rng, n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.next() < p) k++;
  return k;
}

export function simulateRows(options: SimulationOptions): StatsRow[] {
  const rng = createRng('lastmile/simulate', options.seed);
  const [wmin, wmax] = options.words ?? [8, 16];
  const baseWer = options.baseWer ?? 0.1;
  const degradation = options.degradation ?? 0.15;
  const sd = options.speakerSd ?? 0.5;
  const dsd = options.speakerDegradationSd ?? 0.3;
  const conditions = (options.conditions ?? ['noisy']).map((c) =>
    typeof c === 'string' ? { name: c, base: undefined, value: undefined, extraScale: 1 } : c,
  );
  const engines = options.engines ?? ['sim'];
  const vocab = options.vocabulary ?? VOCAB;
  const errorRate = options.errorRate ?? 0;
  const rows: StatsRow[] = [];
  for (const group of options.groups) {
    for (let s = 0; s < group.speakers; s++) {
      const speaker = `${group.name}-spk${s}`;
      const u = sd * rng.gaussian();
      const v = dsd * rng.gaussian();
      const isOutlier = options.outlier?.group === group.name && s === 0;
      const clips = Array.from({ length: options.utterancesPerSpeaker }, (_, i) => {
        const n = wmin + rng.int(wmax - wmin + 1);
        return {
          id: `${speaker}-utt${i}`,
          words: Array.from({ length: n }, () => vocab[rng.int(vocab.length)]),
        };
      });
      for (const engine of engines) {
        const engineShift = engines.indexOf(engine) * 0.5;
        const pClean = expit(logit(baseWer) + u + engineShift);
        for (const cond of [
          { name: 'clean', base: undefined, value: undefined, extraScale: 0 },
          ...conditions,
        ]) {
          const isClean = cond.name === 'clean';
          const scale = cond.extraScale ?? 1;
          let p = pClean;
          if (!isClean) {
            const perturbed = expit(logit(baseWer + degradation * scale) + u + v + engineShift);
            p = perturbed + (group.extraDegradation ?? 0) * scale;
            if (isOutlier) p += options.outlier!.extra * scale;
          }
          p = Math.min(0.98, Math.max(0, p));
          for (const clip of clips) {
            const failed = errorRate > 0 && rng.next() < errorRate;
            const k = binomial(rng, clip.words.length, p);
            const hyp = [...clip.words];
            // Substitute k distinct positions.
            const positions = Array.from(hyp.keys());
            for (let j = 0; j < k; j++) {
              const pick = j + rng.int(positions.length - j);
              [positions[j], positions[pick]] = [positions[pick], positions[j]];
              hyp[positions[j]] = 'zzz';
            }
            rows.push({
              id: clip.id,
              speaker,
              labels: { accent: group.name },
              condition: cond.name,
              ...(cond.base !== undefined && cond.value !== undefined
                ? { sweep: { base: cond.base, values: { snr: cond.value } } }
                : {}),
              engine,
              reference: clip.words.join(' '),
              hypothesis: failed ? null : hyp.join(' '),
            });
          }
        }
      }
    }
  }
  return rows;
}

/**
 * The calibration design of bench/stats-calibration.ts (and its smaller copy in the tests):
 * one utterance per speaker and condition holding all of the speaker's words (40–70), clean
 * error rate expit(logit(cleanWer) + 0.5·u), and an additive degradation
 * D_condition + sd·(ρ·v + √(1 − ρ²)·w) shared by the speaker's conditions to degree ρ — so
 * "no group degrades more on average" is exactly true however the groups differ in spread or
 * clean WER. Errors are binomial draws on the speaker's words.
 */
export interface CalibrationGroup {
  readonly name: string;
  readonly speakers: number;
  /** Clean WER of a typical speaker (default 0.25). */
  readonly cleanWer?: number;
  /** Between-speaker SD of the degradation (probability points, default 0.04). */
  readonly spread?: number;
  /** Extra degradation of every speaker in the group (the planted excess). */
  readonly extra?: number;
}

export interface CalibrationOptions {
  readonly seed: number | string;
  readonly groups: readonly CalibrationGroup[];
  /** Mean degradation per condition (default one condition at 0.10). */
  readonly degradations?: readonly number[];
  /** Correlation of a speaker's degradation across conditions (default 0.7). */
  readonly rho?: number;
  readonly words?: readonly [number, number];
}

export function simulateCalibrationRows(o: CalibrationOptions): StatsRow[] {
  const rng = createRng('lastmile/simulate-calibration', o.seed);
  const [wmin, wmax] = o.words ?? [40, 70];
  const degradations = o.degradations ?? [0.1];
  const rho = o.rho ?? 0.7;
  const rows: StatsRow[] = [];
  for (const g of o.groups) {
    const spread = g.spread ?? 0.04;
    for (let s = 0; s < g.speakers; s++) {
      const speaker = `${g.name}-${s}`;
      const n = wmin + rng.int(wmax - wmin + 1);
      const reference = Array.from({ length: n }, (_, i) => `w${i}`);
      const p0 = expit(logit(g.cleanWer ?? 0.25) + 0.5 * rng.gaussian());
      const v = rng.gaussian();
      const row = (condition: string, p: number): StatsRow => {
        const hyp = reference.map((w) => (rng.next() < p ? 'x' : w));
        return {
          id: `${speaker}-u`,
          speaker,
          labels: { accent: g.name },
          condition,
          engine: 'sim',
          reference: reference.join(' '),
          hypothesis: hyp.join(' '),
        };
      };
      rows.push(row('clean', p0));
      degradations.forEach((d, k) => {
        const w = rng.gaussian();
        const delta = d + (g.extra ?? 0) + spread * (rho * v + Math.sqrt(1 - rho * rho) * w);
        rows.push(row(`c${k}`, Math.min(0.98, Math.max(0, p0 + delta))));
      });
    }
  }
  return rows;
}
