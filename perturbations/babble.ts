import { activeSpeechLevel, mixAtSnr, signalLevel } from '../src/audio/levels.js';
import type { Audio } from '../src/audio/types.js';
import { loopBody } from '../src/dsp/loop.js';
import { resample } from '../src/dsp/resample.js';
import { UserError } from '../src/errors.js';
import { num } from '../src/perturbation/params.js';
import { signalReference } from '../src/perturbation/shared-params.js';
import { definePerturbation } from '../src/perturbation/types.js';
import { Heap, loadWasm } from '../src/wasm/load.js';

/**
 * Babble — the cafeteria, ward round or waiting room: N talkers drawn from the corpus's other
 * speakers (never the target speaker; distinct speakers while there are enough), each scaled to
 * the same P.56 active speech level, started at a random offset and looped (with a short
 * crossfade) to the clip's length, summed, and added at a target SNR. SNR = signal level
 * (P.56 active or RMS) − babble RMS over the whole clip.
 */
export const babble = definePerturbation({
  name: 'babble',
  summary: 'Babble of N other speakers from the corpus at a target SNR',
  details:
    'Talkers are clips of speakers other than the target, distinct speakers first; each is normalised to equal P.56 active level, offset at random and looped to the clip length. SNR = signal level (P.56 active or RMS) over the summed babble RMS, whole clip. Needs the corpus (context.corpus).',
  params: {
    talkers: num({
      unit: 'count',
      min: 1,
      max: 32,
      integer: true,
      default: 6,
      description: 'Number of simultaneous background talkers',
    }),
    snr: num({
      unit: 'dB',
      min: -20,
      max: 60,
      default: 10,
      description: 'Signal level over babble RMS',
    }),
    reference: signalReference,
  },
  async apply(audio, { talkers, snr, reference }, { rng, clip, corpus, note, onlyIn }) {
    if (!corpus) throw new UserError('babble needs a corpus to draw other speakers from');
    const others = corpus.clips.filter((c) => c.speaker !== clip.speaker);
    if (others.length === 0) {
      throw new UserError(
        `babble needs speakers other than ${clip.speaker}; the corpus has no other speaker`,
      );
    }
    // Distinct speakers first: group clips by speaker, shuffle the speakers, take one clip each,
    // and only come back to a speaker when there are more talkers than speakers.
    const bySpeaker = new Map<string, typeof others>();
    for (const c of others) bySpeaker.set(c.speaker, [...(bySpeaker.get(c.speaker) ?? []), c]);
    const speakers = [...bySpeaker.keys()].sort();
    shuffle(speakers, rng);
    const chosen: string[] = [];
    for (let t = 0; t < talkers; t++) {
      const pool = bySpeaker.get(speakers[t % speakers.length])!;
      chosen.push(pool[rng.int(pool.length)].id);
    }
    const n = audio.samples.length;
    const fade = Math.round(0.05 * audio.sampleRate);
    const voices: Voice[] = [];
    for (const id of chosen) {
      const talker = talkerBed(await corpus.load(id), audio.sampleRate, fade);
      const offset = rng.int(Math.max(1, talker.x.length));
      if (talker.level === 0) continue;
      // Read from `offset` as src/dsp/loop.ts's loopBed would: straight from the clip when it
      // covers the whole length, else around its seamless loop body.
      const direct = offset + n <= talker.x.length;
      const period = direct ? talker.x.length : talker.bodyLength;
      voices.push({
        x: talker.x,
        head: direct ? EMPTY : talker.head(),
        period,
        at: direct ? offset : offset % period,
        g: 0.1 / talker.level,
      });
    }
    note('talkers', chosen.join(' '));
    const { sum, sumSquares } = sumVoices(n, voices);
    const speech = signalLevel(audio.samples, audio.sampleRate, reference);
    const { mixed, peak } = mixAtSnr(audio.samples, sum, snr, speech, {
      noiseRms: n === 0 ? 0 : Math.sqrt(sumSquares / n),
      inPlace: true,
      only: onlyIn,
    });
    return { samples: mixed, sampleRate: audio.sampleRate, peak };
  },
});

/**
 * One talker's part of the babble: source[(at + i) mod period] · g at sample i, the source
 * being the clip `x` (period x.length) or its loop body (loopBody: the clip's first `period`
 * samples with the first head.length of them replaced by the crossfaded `head`).
 */
interface Voice {
  x: Float32Array;
  head: Float32Array;
  period: number;
  at: number;
  g: number;
}

const EMPTY = new Float32Array(0);

/** What babble needs of a talker's clip, which does not depend on the clip it is mixed into. */
interface TalkerBed {
  /** The clip at the working rate. */
  x: Float32Array;
  /** Its P.56 active level. */
  level: number;
  /**
   * Its seamless loop (loopBody) is the clip's first bodyLength samples with the first
   * head.length of them crossfaded: only that head is kept (50 ms, made when first needed),
   * where keeping the whole body doubled what babble holds per decoded clip (16 MB a pool
   * thread: issue 14) and making it for every clip cost a copy of the clip and the crossfade.
   */
  bodyLength: number;
  head(): Float32Array;
}

const talkerBeds = new WeakMap<Float32Array, Map<string, TalkerBed>>();

/**
 * A talker's clip resampled and measured once per process, not once per clip it is mixed
 * into: every clip of a run draws its talkers from the same corpus clips, and the measuring
 * alone cost as much as the mixing. Keyed by the decoded samples (the corpus keeps
 * a decoded clip while it is in use), so a clip decoded again is simply measured again.
 */
function talkerBed(talker: Audio, sampleRate: number, fade: number): TalkerBed {
  const key = `${sampleRate}:${fade}`;
  let byRate = talkerBeds.get(talker.samples);
  if (!byRate) {
    byRate = new Map();
    talkerBeds.set(talker.samples, byRate);
  }
  let bed = byRate.get(key);
  if (!bed) {
    const x =
      talker.sampleRate === sampleRate
        ? talker.samples
        : resample(talker.samples, talker.sampleRate, sampleRate);
    const c = Math.max(0, Math.min(fade, Math.floor(x.length / 2))); // as loopBody clamps it
    let head: Float32Array | undefined;
    bed = {
      x,
      level: activeSpeechLevel(x, sampleRate).level,
      bodyLength: x.length - c,
      head: () => (head ??= loopBody(x, fade).slice(0, c)),
    };
    byRate.set(key, bed);
  }
  return bed;
}

/**
 * Σ g·voice, sample by sample in voice order and rounded to float32 after every voice (as
 * adding whole looped copies one after another did), and Σ sum² in sample order (as rms()
 * takes it): in a WebAssembly SIMD kernel (src/wasm/c/voices.c, the same double arithmetic,
 * bit-identical), a 4096-sample block at a time. Each voice's samples are copied into the
 * kernel's memory for the call — the stretch of its clip that is read, or its loop body — and
 * freed after it, so the kernel holds no talker between clips (keeping them would double what
 * babble holds per decoded clip, which the pool threads bound); the sum comes out a chunk at a
 * time, not the clip's length at once.
 */
function sumVoices(n: number, voices: readonly Voice[]): { sum: Float32Array; sumSquares: number } {
  const sum = new Float32Array(n);
  if (n === 0 || voices.length === 0) return { sum, sumSquares: 0 };
  const lib = loadWasm('voices.wasm');
  const heap = new Heap(lib);
  try {
    const size = lib.exports.lm_voice_size();
    const table = heap.alloc(size * voices.length);
    for (const [j, { x: clip, head, period, at, g }] of voices.entries()) {
      // A voice that does not wrap needs only the n samples from `at`; the loop body's head
      // is patched in where the stretch covers it.
      const whole = at + n > period;
      const from = whole ? 0 : at;
      const length = whole ? period : n;
      const x = heap.alloc(4 * length);
      const view = new Float32Array(lib.memory.buffer, x, length);
      view.set(clip.subarray(from, from + length));
      if (from < head.length) view.set(head.subarray(from, Math.min(head.length, from + length)));
      const fields = new DataView(lib.memory.buffer, table + size * j, size);
      fields.setInt32(0, x, true);
      fields.setInt32(4, length, true);
      fields.setInt32(8, whole ? at : 0, true);
      fields.setFloat64(16, g, true);
    }
    const chunk = Math.min(n, SUM_CHUNK);
    const out = heap.alloc(4 * chunk);
    let sumSquares = 0;
    for (let i = 0; i < n; i += chunk) {
      const m = Math.min(chunk, n - i);
      sumSquares = lib.exports.lm_sum_voices(out, m, table, voices.length, sumSquares);
      sum.set(new Float32Array(lib.memory.buffer, out, m), i);
    }
    return { sum, sumSquares };
  } finally {
    heap.free();
  }
}

const SUM_CHUNK = 65536;

function shuffle<T>(items: T[], rng: { int(n: number): number }): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
}
