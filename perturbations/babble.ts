import { activeSpeechLevel, mixAtSnr, signalLevel } from '../src/audio/levels.js';
import type { Audio } from '../src/audio/types.js';
import { loopBody } from '../src/dsp/loop.js';
import { resample } from '../src/dsp/resample.js';
import { UserError } from '../src/errors.js';
import { num } from '../src/perturbation/params.js';
import { signalReference } from '../src/perturbation/shared-params.js';
import { definePerturbation } from '../src/perturbation/types.js';

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
  async apply(audio, { talkers, snr, reference }, { rng, clip, corpus, note }) {
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
      const source = direct ? talker.x : talker.body();
      voices.push({ source, at: direct ? offset : offset % source.length, g: 0.1 / talker.level });
    }
    note('talkers', chosen.join(' '));
    const { sum, sumSquares } = sumVoices(n, voices);
    const speech = signalLevel(audio.samples, audio.sampleRate, reference);
    return {
      samples: mixAtSnr(audio.samples, sum, snr, speech, {
        noiseRms: n === 0 ? 0 : Math.sqrt(sumSquares / n),
        inPlace: true,
      }).mixed,
      sampleRate: audio.sampleRate,
    };
  },
});

/** One talker's part of the babble: source[(at + i) mod source.length] · g at sample i. */
interface Voice {
  source: Float32Array;
  at: number;
  g: number;
}

/** What babble needs of a talker's clip, which does not depend on the clip it is mixed into. */
interface TalkerBed {
  /** The clip at the working rate. */
  x: Float32Array;
  /** Its P.56 active level. */
  level: number;
  /** Its seamless loop (loopBody), made when first needed. */
  body(): Float32Array;
}

const talkerBeds = new WeakMap<Float32Array, Map<string, TalkerBed>>();

/**
 * A talker's clip resampled, measured and looped once per process, not once per clip it is
 * mixed into: every clip of a run draws its talkers from the same corpus clips, and the
 * measuring alone cost as much as the mixing. Keyed by the decoded samples (the corpus keeps
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
    let body: Float32Array | undefined;
    bed = {
      x,
      level: activeSpeechLevel(x, sampleRate).level,
      body: () => (body ??= loopBody(x, fade)),
    };
    byRate.set(key, bed);
  }
  return bed;
}

/**
 * Σ g·voice, sample by sample in voice order and rounded to float32 after every voice (as
 * adding whole looped copies one after another did), but a block at a time, so the block stays
 * in cache while every voice is added to it, and no voice is copied out to the clip's length.
 * Also returns Σ sum², in sample order (as rms() takes it).
 */
function sumVoices(n: number, voices: readonly Voice[]): { sum: Float32Array; sumSquares: number } {
  const sum = new Float32Array(n);
  const at = voices.map((v) => v.at);
  let sumSquares = 0;
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    let v = 0;
    // Four voices per pass where there are four: the block is loaded and stored once for them.
    for (; v + 4 <= voices.length; v += 4) addFourVoices(sum, start, end, voices, v, at);
    for (; v < voices.length; v++) {
      const { source, g } = voices[v];
      let pos = at[v];
      for (let i = start; i < end; ) {
        const take = Math.min(end - i, source.length - pos);
        addScaled(sum, i, source, pos, take, g);
        i += take;
        pos += take;
        if (pos === source.length) pos = 0;
      }
      at[v] = pos;
    }
    sumSquares = addSquares(sum, start, end, sumSquares);
  }
  return { sum, sumSquares };
}

/** Voices v … v + 3 added to sum[start…end), in that order, stretch by stretch between wraps. */
function addFourVoices(
  sum: Float32Array,
  start: number,
  end: number,
  voices: readonly Voice[],
  v: number,
  at: number[],
): void {
  const [a, b, c, d] = voices.slice(v, v + 4);
  let [pa, pb, pc, pd] = at.slice(v, v + 4);
  for (let i = start; i < end; ) {
    const take = Math.min(
      end - i,
      a.source.length - pa,
      b.source.length - pb,
      c.source.length - pc,
      d.source.length - pd,
    );
    addFour(
      sum,
      i,
      take,
      a.source,
      pa - i,
      a.g,
      b.source,
      pb - i,
      b.g,
      c.source,
      pc - i,
      c.g,
      d.source,
      pd - i,
      d.g,
    );
    i += take;
    pa = (pa + take) % a.source.length;
    pb = (pb + take) % b.source.length;
    pc = (pc + take) % c.source.length;
    pd = (pd + take) % d.source.length;
  }
  at.splice(v, 4, pa, pb, pc, pd);
}

/**
 * sum[k] += ga·xa[k + da], then gb·xb[k + db], gc·…, gd·…, rounding to float32 after each as
 * four separate passes would, for k in [i, i + count).
 */
function addFour(
  sum: Float32Array,
  i: number,
  count: number,
  xa: Float32Array,
  da: number,
  ga: number,
  xb: Float32Array,
  db: number,
  gb: number,
  xc: Float32Array,
  dc: number,
  gc: number,
  xd: Float32Array,
  dd: number,
  gd: number,
): void {
  for (let k = i; k < i + count; k++) {
    const s1 = Math.fround(sum[k] + ga * xa[k + da]);
    const s2 = Math.fround(s1 + gb * xb[k + db]);
    const s3 = Math.fround(s2 + gc * xc[k + dc]);
    sum[k] = s3 + gd * xd[k + dd];
  }
}

const BLOCK = 4096;

/** sum[i…i+count) += g · x[from…from+count). */
function addScaled(
  sum: Float32Array,
  i: number,
  x: Float32Array,
  from: number,
  count: number,
  g: number,
): void {
  const d = from - i;
  for (let k = i; k < i + count; k++) sum[k] += g * x[k + d];
}

function addSquares(x: Float32Array, from: number, to: number, acc: number): number {
  let s = acc;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return s;
}

function shuffle<T>(items: T[], rng: { int(n: number): number }): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
}
