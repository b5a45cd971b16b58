import { butterworth, filterCascade } from '../src/dsp/biquad.js';
import { num } from '../src/perturbation/params.js';
import {
  bandEdgesInOrder,
  butterworthOrder,
  evenOrder,
} from '../src/perturbation/shared-params.js';
import { definePerturbation } from '../src/perturbation/types.js';

/**
 * A band limit: Butterworth high-pass at `low` and low-pass at `high`, each of `order`
 * (6·order dB/octave), −3 dB at each edge. The defaults are the narrow-band telephone channel,
 * 300–3400 Hz (ITU-T G.712).
 */
export const bandpass = definePerturbation({
  name: 'bandpass',
  summary: 'Band limit between two edges (default the 300–3400 Hz telephone band)',
  details:
    'Butterworth high-pass at low and low-pass at high, each of the given order; each edge is the −3 dB point. Set low: 0 for a pure low-pass.',
  params: {
    low: num({
      unit: 'Hz',
      min: 0,
      max: 20000,
      default: 300,
      description: 'Lower −3 dB edge (0 = none)',
    }),
    high: num({
      unit: 'Hz',
      min: 100,
      max: 24000,
      default: 3400,
      description: 'Upper −3 dB edge (at or above Nyquist = none)',
    }),
    order: butterworthOrder,
  },
  check: ({ low, high, order }) => [...bandEdgesInOrder(low, high), ...evenOrder(order)],
  apply(audio, { low, high, order }) {
    const nyquist = audio.sampleRate / 2;
    const sections = [
      ...(low > 0 ? butterworth('highpass', order, low, audio.sampleRate) : []),
      ...(high < nyquist ? butterworth('lowpass', order, high, audio.sampleRate) : []),
    ];
    return { samples: filterCascade(audio.samples, sections), sampleRate: audio.sampleRate };
  },
});
