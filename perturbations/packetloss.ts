import { choice, num } from '../src/perturbation/params.js';
import { definePerturbation } from '../src/perturbation/types.js';

/**
 * Packet loss on a VoIP or mobile link: the clip is cut into frames of `frame` seconds (from
 * t = 0) and frames are lost with long-run probability `rate`. `random` loses each frame
 * independently (Bernoulli); `bursty` uses the simple Gilbert–Elliott two-state chain — every
 * frame in the Bad state is lost, none in Good — with P(Bad→Good) = 1/`burst`, so bursts last
 * `burst` frames on average, and P(Good→Bad) = rate/(burst·(1 − rate)), so the stationary loss
 * rate is `rate`. The chain starts in its stationary distribution. Concealment: `silence` zeroes
 * a lost frame (no PLC); `repeat` plays the last received frame again (the simplest PLC).
 */
export const packetloss = definePerturbation({
  name: 'packetloss',
  summary: 'Lost frames (random or Gilbert–Elliott bursts) concealed by silence or repetition',
  details:
    'Frames of frame seconds from t = 0. random: each frame lost with probability rate. bursty: two-state Gilbert–Elliott chain (loss 1 in Bad, 0 in Good), mean burst length burst frames, stationary loss rate rate. Concealment silence = zeros, repeat = last received frame (zeros if none yet).',
  params: {
    frame: num({
      unit: 's',
      min: 0.0025,
      max: 0.2,
      default: 0.02,
      description: 'Frame (packet) duration',
    }),
    rate: num({
      unit: 'percent',
      min: 0,
      max: 90,
      default: 5,
      description: 'Long-run share of frames lost',
    }),
    model: choice({
      values: ['random', 'bursty'],
      default: 'random',
      description: 'Independent losses or Gilbert–Elliott bursts',
    }),
    burst: num({
      unit: 'count',
      min: 1,
      max: 50,
      default: 3,
      description: 'Mean burst length in frames (bursty model)',
    }),
    concealment: choice({
      values: ['silence', 'repeat'],
      default: 'silence',
      description: 'What plays in a lost frame',
    }),
  },
  apply(audio, p, { rng, note }) {
    const { samples, sampleRate } = audio;
    const size = Math.max(1, Math.round(p.frame * sampleRate));
    const frames = Math.ceil(samples.length / size);
    const lost = lossPattern(frames, p.rate / 100, p.model, p.burst, rng);
    const out = samples.slice();
    let lastGood = -1;
    let count = 0;
    for (let f = 0; f < frames; f++) {
      const start = f * size;
      const end = Math.min(samples.length, start + size);
      if (!lost[f]) {
        lastGood = f;
        continue;
      }
      count++;
      if (p.concealment === 'repeat' && lastGood >= 0) {
        const src = lastGood * size;
        for (let i = start; i < end; i++) out[i] = samples[src + (i - start)];
      } else {
        out.fill(0, start, end);
      }
    }
    note('lost', count);
    note('frames', frames);
    return { samples: out, sampleRate };
  },
});

/** true where a frame is lost. */
export function lossPattern(
  frames: number,
  rate: number,
  model: 'random' | 'bursty',
  burst: number,
  rng: { next(): number },
): Uint8Array {
  const lost = new Uint8Array(frames);
  if (rate <= 0) return lost;
  if (model === 'random') {
    for (let f = 0; f < frames; f++) lost[f] = rng.next() < rate ? 1 : 0;
    return lost;
  }
  const q = 1 / burst; // Bad → Good
  const pGB = Math.min(1, (rate * q) / (1 - rate)); // Good → Bad
  let bad = rng.next() < rate;
  for (let f = 0; f < frames; f++) {
    lost[f] = bad ? 1 : 0;
    bad = bad ? rng.next() >= q : rng.next() < pGB;
  }
  return lost;
}
