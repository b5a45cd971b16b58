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
