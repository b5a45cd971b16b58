import { peak, rms, toDb } from '../audio/levels.js';
import type { Audio } from '../audio/types.js';
import { type BandLevel, thirdOctave, thirdOctaveLevels, totalLevel } from './bands.js';
import { type BurstSound, burstSound } from './burst-sound.js';
import { type BurstStructure, findBursts } from './bursts.js';
import { type BandEnvelopes, octaveEnvelopes, runs } from './envelope.js';
import { estimateRt60, findImpulses, type ImpulsiveEvent, type Rt60Estimate } from './impulses.js';
import { floorPow2, meanPower, powerFrames } from './spectrum.js';
import { detectSpeech, type SpeechEvidence } from './speech.js';
import { findTonalPeaks, harmonicSeries, localBackground, type ToneSeries } from './tones.js';

/** Everything `lastmile profile` measured in a recording. */
export interface Profile {
  readonly sampleRate: number;
  readonly seconds: number;
  /**
   * Levels, dBFS: whole-signal RMS; `inBand`, the power sum of the third-octave bands (what a
   * talker competes with — infrasound and DC below the 25 Hz band are left out); A-weighted; peak.
   */
  readonly level: {
    readonly rms: number;
    readonly inBand: number;
    readonly aWeighted: number;
    readonly peak: number;
  };
  /** Long-term average spectrum (all of the time, everything in it). */
  readonly ltas: readonly BandLevel[];
  /** Stationary floor: the time outside bursts and events, with steady tones removed. */
  readonly floor: readonly BandLevel[];
  readonly floorLevel: number;
  readonly tones: readonly ToneSeries[];
  readonly bursts?: Omit<BurstStructure, 'on'> & { readonly sound?: BurstSound };
  readonly impulses: { readonly events: readonly ImpulsiveEvent[]; readonly perMinute: number };
  readonly rt60?: Rt60Estimate;
  readonly speech: SpeechEvidence;
  /** Upper edge of the highest band within 45 dB of the loudest (Hz). */
  readonly contentUpTo: number;
  /** Frequency resolution of the tone analysis (Hz per bin). */
  readonly toneResolution: number;
  readonly warnings: readonly string[];
  /** The floor's power spectrum at the tone analysis's resolution, for synthesising a bed. */
  readonly floorSpectrum: { readonly power: Float64Array; readonly size: number };
  /** Per 5 ms block, 1 while bursts sound (for the fidelity page's envelope view). */
  readonly envelope?: { readonly on: Uint8Array; readonly blockRate: number };
}

const MIN_STRUCTURE_SECONDS = 2;

/**
 * Analyses a recording at its own rate. Steps: octave-band envelopes → bursts (periodic or
 * not) and impulsive events; long Welch segments outside them → floor spectrum and steady
 * tones; short frames inside/outside bursts → what the bursts sound like; decays after events →
 * RT60. Each finding degrades gracefully: a short recording gets levels and spectra only.
 */
export function analyseRecording(audio: Audio): Profile {
  const { samples, sampleRate } = audio;
  const seconds = samples.length / sampleRate;
  const warnings: string[] = [];
  const overall = toDb(rms(samples));
  const peakDb = toDb(peak(samples));
  warnings.push(...levelWarnings(samples, overall, peakDb));
  const structured = seconds >= MIN_STRUCTURE_SECONDS && overall > -100;
  warnings.push(...durationWarnings(seconds));
  const env = structured ? octaveEnvelopes(samples, sampleRate) : undefined;
  const bursts = env ? patternBursts(env) : undefined;
  const impulses = env ? findImpulses(env, bursts && patternMask(bursts)) : { events: [] };
  const busy = busyBlocks(
    bursts,
    impulses.events,
    env?.blockRate ?? 200,
    samples.length,
    sampleRate,
  );

  const size = Math.max(256, floorPow2(Math.min(sampleRate, samples.length / 4)));
  const segments = powerFrames(samples, sampleRate, size);
  const blockRate = env?.blockRate ?? 200;
  const quiet = (j: number) => {
    const a = Math.floor(((j * segments.hop) / sampleRate) * blockRate);
    const b = Math.ceil(((j * segments.hop + size) / sampleRate) * blockRate);
    let on = 0;
    for (let i = a; i < Math.min(b, busy.length); i++) on += busy[i];
    return on <= 0.05 * (b - a);
  };
  let floorWithTones = meanPower(segments, quiet);
  if (floorWithTones.count < 3) {
    floorWithTones = meanPower(segments);
    if (bursts || impulses.events.length)
      warnings.push('too little quiet time between bursts: the floor includes them');
  }
  const all = meanPower(segments);
  const peaks = findTonalPeaks(floorWithTones.power, size, sampleRate);
  const tones = harmonicSeries(peaks, sampleRate / size);
  const floorPower = floorWithTones.power.slice();
  for (const p of peaks) {
    const bg = localBackground(floorWithTones.power, p.bin);
    for (let k = p.bin - 3; k <= p.bin + 3; k++) floorPower[k] = bg;
  }
  const ltas = thirdOctaveLevels(all.power, size, sampleRate);
  const floor = thirdOctaveLevels(floorPower, size, sampleRate);
  const sound = bursts ? burstSound(samples, sampleRate, bursts) : undefined;
  const rt60 = env ? estimateRt60(env, impulses.events) : undefined;
  // Only a repeating pattern is set aside: irregular bursts may be the speech itself.
  const speech = detectSpeech(samples, sampleRate, bursts?.period ? bursts : undefined);
  if (speech.likely)
    warnings.push(
      `probably contains speech (${Math.round(100 * speech.voiced)} % of the time voiced with a moving pitch): it will leak into the recording-as-bed condition and into the floor; cut it out or record again without talk`,
    );
  const top = Math.max(...ltas.map((b) => b.level));
  const contentBand = [...ltas].reverse().find((b) => b.level >= top - 45);
  const { on: _on, ...burstFigures } = bursts ?? ({} as BurstStructure);
  return {
    sampleRate,
    seconds,
    level: {
      rms: overall,
      inBand: totalLevel(ltas),
      aWeighted: totalLevel(ltas, true),
      peak: peakDb,
    },
    ltas,
    floor,
    floorLevel: totalLevel(floor),
    tones,
    ...(bursts && { bursts: { ...burstFigures, ...(sound && { sound }) } }),
    impulses: { events: impulses.events, perMinute: (impulses.events.length / seconds) * 60 },
    ...(rt60 && { rt60 }),
    speech,
    contentUpTo: contentBand ? thirdOctave(contentBand.centre).high : sampleRate / 2,
    toneResolution: sampleRate / size,
    warnings,
    floorSpectrum: { power: floorPower, size },
    ...(bursts && { envelope: { on: bursts.on, blockRate: bursts.blockRate } }),
  };
}

function durationWarnings(seconds: number): string[] {
  if (seconds < MIN_STRUCTURE_SECONDS)
    return [
      `too short (${seconds.toFixed(2)} s): levels and spectra only — bursts, periods, events and reverberation need at least ${MIN_STRUCTURE_SECONDS} s (20 s or more is better)`,
    ];
  if (seconds < 20)
    return [
      `short (${seconds.toFixed(1)} s): a pattern repeating slower than every ${(seconds / 2).toFixed(1)} s cannot be found, and levels are less certain than from 20 s or more`,
    ];
  return [];
}

/**
 * Bursts worth reproducing as a pattern. Irregular bursts that mostly start with an impulsive
 * event are events (a knock and its room tail), and irregular bursts shorter than 250 ms too.
 */
function patternBursts(env: BandEnvelopes): BurstStructure | undefined {
  const bursts = findBursts(env);
  if (!bursts || bursts.period !== undefined) return bursts;
  const starts = runs(bursts.on).map(([a]) => a / bursts.blockRate);
  const events = findImpulses(env).events;
  const knocks = starts.filter((t) => events.some((e) => Math.abs(e.time - t) <= 0.03));
  return bursts.pulse < 0.25 || knocks.length >= starts.length / 2 ? undefined : bursts;
}

/**
 * The bursts' on-blocks without runs shorter than half the typical pulse: a knock that happened
 * to trip the on/off split is an event, not part of the pattern.
 */
function patternMask(bursts: BurstStructure): Uint8Array {
  const mask = bursts.on.slice();
  const shortest = 0.5 * bursts.pulse * bursts.blockRate;
  for (const [a, b] of runs(mask)) if (b - a < shortest) mask.fill(0, a, b);
  return mask;
}

/** Blocks taken by bursts or events (±50 ms around each event), for choosing quiet segments. */
function busyBlocks(
  bursts: BurstStructure | undefined,
  events: readonly ImpulsiveEvent[],
  blockRate: number,
  length: number,
  sampleRate: number,
): Uint8Array {
  const busy = bursts
    ? bursts.on.slice()
    : new Uint8Array(Math.ceil((length / sampleRate) * blockRate));
  for (const e of events) {
    const a = Math.max(0, Math.floor((e.time - 0.05) * blockRate));
    const b = Math.min(busy.length, Math.ceil((e.time + e.duration + 0.5) * blockRate));
    busy.fill(1, a, b);
  }
  return busy;
}

function levelWarnings(samples: Float32Array, overall: number, peakDb: number): string[] {
  if (peakDb === Number.NEGATIVE_INFINITY)
    return ['silent: every sample is zero — nothing to reproduce'];
  const out: string[] = [];
  if (overall < -90)
    out.push(
      `nearly silent (${overall.toFixed(1)} dBFS): the recorder's own noise dominates; check the input gain`,
    );
  const top = 10 ** (peakDb / 20);
  if (top >= 0.98) {
    let clipped = 0;
    let run = 0;
    for (let i = 0; i < samples.length; i++) {
      if (Math.abs(samples[i]) >= 0.999 * top) run++;
      else {
        if (run >= 3) clipped += run;
        run = 0;
      }
    }
    if (run >= 3) clipped += run;
    if (clipped / samples.length >= 1e-4)
      out.push(
        `clipped: ${(100 * (clipped / samples.length)).toFixed(2)} % of samples sit flat at full scale — levels read low, and clipping adds harmonics that can look like tones`,
      );
  }
  return out;
}
