import { fromDb, signalLevel } from '../src/audio/levels.js';
import { addSines, type Tone } from '../src/dsp/oscillator.js';
import { writePulse } from '../src/dsp/raised-cosine.js';
import { choice, num } from '../src/perturbation/params.js';
import {
  exactlyOne,
  levelInsteadOfSnr,
  signalReference,
  snrInsteadOfLevel,
} from '../src/perturbation/shared-params.js';
import { definePerturbation } from '../src/perturbation/types.js';

/**
 * Medical-equipment alarm signals in the style of IEC 60601-1-8 (Table 3/4 as commonly cited;
 * check the standard's text before quoting it): pulses of a harmonic tone — fundamental
 * 150–1000 Hz with at least four harmonics within ±15 dB of it — grouped in bursts that repeat
 * every `period`:
 *   high   — 10 pulses, 3 + 2 then 3 + 2 (x-x-x--x-x, a longer pause, x-x-x--x-x),
 *   medium — 3 pulses (x-x-x),
 *   low    — 2 pulses (x-x).
 * Pulse duration and spacing default to values inside the cited ranges (high 75–200 ms, medium
 * and low 125–250 ms); each pulse has 20 ms raised-cosine rise and fall. The first burst starts
 * at a random point of the period, so clips hear the pattern at different phases.
 * Level: `level` is the RMS of the alarm over its sounding time (what a meter reads during a
 * pulse), in dBFS; `snr` is the signal level (P.56 active or RMS) over that same RMS.
 */
const PATTERNS = {
  // Onsets in units of (pulse + spacing); fractional gaps make the longer inter-group pauses.
  high: [0, 1, 2, 3.5, 4.5, 7, 8, 9, 10.5, 11.5],
  medium: [0, 1, 2],
  low: [0, 1],
} as const;
const DEFAULT_PULSE = { high: 0.15, medium: 0.2, low: 0.2 } as const;

export const alarm = definePerturbation({
  name: 'alarm',
  summary: 'IEC 60601-1-8 style alarm bursts (high/medium/low priority) at a level or SNR',
  details:
    'Harmonic pulses (fundamental + harmonics, each −rolloff dB per step) in priority patterns: high 3+2+3+2 pulses, medium 3, low 2; bursts repeat every period from a random phase. level/snr refer to the alarm RMS while it sounds (pulses only), not over the whole clip. pulse 0 = the priority default (high 150 ms, medium/low 200 ms).',
  params: {
    priority: choice({
      values: ['high', 'medium', 'low'],
      default: 'medium',
      description: 'IEC 60601-1-8 priority: the burst pattern',
    }),
    pitch: num({
      unit: 'Hz',
      min: 150,
      max: 1000,
      default: 523,
      description: 'Fundamental frequency of the pulse tone',
    }),
    harmonics: num({
      unit: 'count',
      min: 4,
      max: 12,
      integer: true,
      default: 4,
      description: 'Harmonics above the fundamental (IEC: at least 4 in 300–4000 Hz)',
    }),
    rolloff: num({
      unit: 'dB',
      min: 0,
      max: 3.75,
      default: 3,
      description: 'Drop per harmonic step (≤ 3.75 keeps four harmonics within 15 dB)',
    }),
    pulse: num({
      unit: 's',
      min: 0,
      max: 0.5,
      default: 0,
      description: 'Pulse duration (0 = priority default)',
    }),
    spacing: num({
      unit: 's',
      min: 0.05,
      max: 1,
      default: 0.1,
      description: 'Silence between pulses of a group',
    }),
    period: num({
      unit: 's',
      min: 0.5,
      max: 60,
      default: 3,
      description: 'Burst repetition interval (start to start)',
    }),
    level: levelInsteadOfSnr('RMS while sounding'),
    snr: snrInsteadOfLevel('Signal level over alarm RMS while sounding'),
    reference: signalReference,
  },
  check: ({ snr, level, priority, pulse, spacing, period }) => {
    const problems = exactlyOne({ level, snr }, { level: 'dBFS', snr: 'dB' });
    const onsets = PATTERNS[priority];
    const d = pulse || DEFAULT_PULSE[priority];
    const burst = onsets[onsets.length - 1] * (d + spacing) + d;
    if (burst > period) {
      problems.push(
        `a ${priority}-priority burst lasts ${burst.toFixed(2)} s, longer than period ${period} s`,
      );
    }
    return problems;
  },
  apply(audio, params, { rng, note }) {
    const { samples, sampleRate } = audio;
    const n = samples.length;
    const env = alarmEnvelope(n, sampleRate, params, rng.uniform(0, params.period));
    const tone = harmonicTone(n, sampleRate, params.pitch, params.harmonics, params.rolloff);
    let sumSq = 0;
    let on = 0;
    for (let i = 0; i < n; i++) {
      tone[i] *= env[i];
      if (env[i] > 0) {
        sumSq += tone[i] * tone[i];
        on++;
      }
    }
    const out = samples.slice();
    if (on === 0) return { samples: out, sampleRate };
    const onRms = Math.sqrt(sumSq / on);
    const target =
      params.level !== undefined
        ? fromDb(params.level)
        : signalLevel(samples, sampleRate, params.reference) / fromDb(params.snr ?? 0);
    const g = target / onRms;
    for (let i = 0; i < n; i++) out[i] += g * tone[i];
    note('sounding', Math.round((on / n) * 1000) / 1000);
    return { samples: out, sampleRate };
  },
});

/** Burst envelope (0 between pulses, raised-cosine 20 ms edges) for the whole clip. */
export function alarmEnvelope(
  n: number,
  sampleRate: number,
  p: { priority: keyof typeof PATTERNS; pulse: number; spacing: number; period: number },
  phase: number,
): Float32Array {
  const env = new Float32Array(n);
  const d = p.pulse || DEFAULT_PULSE[p.priority];
  const edge = Math.min(0.02, d / 4);
  const onsets = PATTERNS[p.priority];
  for (let burst = -phase; burst < n / sampleRate; burst += p.period) {
    for (const k of onsets) writePulse(env, sampleRate, burst + k * (d + p.spacing), d, edge);
  }
  return env;
}

/** Fundamental plus `harmonics` partials, partial k at −rolloff·k dB, cosine phase. */
export function harmonicTone(
  n: number,
  sampleRate: number,
  f0: number,
  harmonics: number,
  rolloff: number,
): Float32Array {
  const partials: Tone[] = [];
  for (let k = 1; k <= harmonics + 1; k++) {
    const f = f0 * k;
    if (f >= sampleRate / 2) break;
    const amplitude = fromDb(-rolloff * (k - 1));
    partials.push({ amplitude, w: (2 * Math.PI * f) / sampleRate, phase: Math.PI / 2 });
  }
  const out = new Float32Array(n);
  addSines(out, partials);
  return out;
}
