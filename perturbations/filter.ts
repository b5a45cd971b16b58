import { type Biquad, butterworth, designBiquad, filterCascade } from '../src/dsp/biquad.js';
import { butterworthBand } from '../src/dsp/butterworth-band.js';
import { choice, num } from '../src/perturbation/params.js';
import {
  bandEdgesInOrder,
  butterworthOrder,
  evenOrder,
} from '../src/perturbation/shared-params.js';
import { definePerturbation } from '../src/perturbation/types.js';

/**
 * One filter: Butterworth high-/low-pass (−3 dB at `frequency`, 6·order dB/octave), Butterworth
 * band-pass/band-stop (−3 dB at `low` and `high`, order per edge), or an RBJ parametric section
 * (peaking, low/high shelf with `gain` dB and `q`). Chain several `filter` steps for a
 * multi-band parametric EQ. Causal and minimum-phase (an analogue channel's behaviour).
 */
export const filter = definePerturbation({
  name: 'filter',
  summary: 'High/low/band-pass, band-stop (Butterworth, order) or parametric EQ section',
  details:
    'highpass/lowpass: Butterworth of order (even), −3 dB at frequency. bandpass/bandstop: Butterworth by the band transform of an order/2 prototype, −3 dB at low and high. peaking/lowshelf/highshelf: RBJ Audio-EQ-Cookbook section at frequency with gain and q. Edges at or above Nyquist are clamped to 0.99·Nyquist.',
  params: {
    type: choice({
      values: ['highpass', 'lowpass', 'bandpass', 'bandstop', 'peaking', 'lowshelf', 'highshelf'],
      default: 'highpass',
      description: 'Filter shape',
    }),
    frequency: num({
      unit: 'Hz',
      min: 10,
      max: 24000,
      default: 1000,
      description: 'Cut-off (high/low-pass) or centre/corner (peaking, shelves)',
    }),
    low: num({ unit: 'Hz', min: 10, max: 24000, default: 300, description: 'Band lower edge' }),
    high: num({ unit: 'Hz', min: 20, max: 24000, default: 3400, description: 'Band upper edge' }),
    order: butterworthOrder,
    gain: num({
      unit: 'dB',
      min: -40,
      max: 40,
      default: 0,
      description: 'Gain of a peaking or shelving section',
    }),
    q: num({
      unit: 'ratio',
      min: 0.1,
      max: 30,
      // biome-ignore lint/suspicious/noApproximativeNumericConstant: the Q users write and read in `lastmile list`; 1/√2 would change every default output
      default: 0.707,
      description: 'Quality factor of a peaking or shelving section',
    }),
  },
  check: ({ type, low, high, order }) => [
    ...(type === 'bandpass' || type === 'bandstop' ? bandEdgesInOrder(low, high) : []),
    ...evenOrder(order),
  ],
  apply(audio, p) {
    return {
      samples: filterCascade(audio.samples, filterSections(p, audio.sampleRate)),
      sampleRate: audio.sampleRate,
    };
  },
});

export function filterSections(
  p: {
    type: string;
    frequency: number;
    low: number;
    high: number;
    order: number;
    gain: number;
    q: number;
  },
  sampleRate: number,
): Biquad[] {
  const clamp = (f: number) => Math.min(f, 0.99 * (sampleRate / 2));
  switch (p.type) {
    case 'highpass':
    case 'lowpass':
      return butterworth(p.type, p.order, clamp(p.frequency), sampleRate);
    case 'bandpass':
    case 'bandstop':
      return butterworthBand(p.type, p.order / 2, clamp(p.low), clamp(p.high), sampleRate);
    default:
      return [
        designBiquad(
          p.type as 'peaking' | 'lowshelf' | 'highshelf',
          clamp(p.frequency),
          sampleRate,
          p.q,
          p.gain,
        ),
      ];
  }
}
