/**
 * Level arithmetic shared by every perturbation and test. Levels are in dB relative to a
 * full-scale square wave (RMS 1.0 = 0 dBFS); a full-scale sine therefore reads -3.01 dBFS.
 */

/** Root mean square of all samples (0 for an empty array). */
export function rms(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  return Math.sqrt(sum / samples.length);
}

export function peak(samples: Float32Array): number {
  let max = 0;
  for (let i = 0; i < samples.length; i++) {
    const a = Math.abs(samples[i]);
    if (a > max) max = a;
  }
  return max;
}

export function toDb(amplitude: number): number {
  return 20 * Math.log10(amplitude);
}

export function fromDb(db: number): number {
  return 10 ** (db / 20);
}

/** How a clip's signal power is defined when a target SNR is set. */
export type SignalReference = 'active' | 'rms';

/**
 * Active speech level in the manner of ITU-T P.56 method B: an envelope with a 0.03 s time
 * constant and 0.2 s hangover marks samples as active when they sit above a threshold that
 * floats 15.9 dB below the level of the active samples; the level is the RMS over active time.
 * Returns the level as an RMS amplitude (not dB) and the active fraction. Clips with silence
 * padding read the same active level however much silence they carry, which whole-clip RMS
 * does not.
 */
export function activeSpeechLevel(
  samples: Float32Array,
  sampleRate: number,
): { level: number; activity: number } {
  const n = samples.length;
  if (n === 0) return { level: 0, activity: 0 };
  const margin = 15.9; // dB, P.56 "M"
  const hangover = Math.round(0.2 * sampleRate);
  const g = Math.exp(-1 / (sampleRate * 0.03));
  // Thresholds from 2^-15 upward in 2 dB... P.56 uses powers of two (6.02 dB steps); finer
  // steps make the interpolation below more precise at no real cost.
  const stepDb = 2;
  const thresholds: number[] = [];
  for (let db = -100; db <= 10; db += stepDb) thresholds.push(fromDb(db));
  const activityCount = new Float64Array(thresholds.length);
  const hang = new Int32Array(thresholds.length).fill(hangover);

  let p = 0;
  let q = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const x = samples[i];
    sumSquares += x * x;
    p = g * p + (1 - g) * Math.abs(x);
    q = g * q + (1 - g) * p;
    for (let j = 0; j < thresholds.length; j++) {
      if (q >= thresholds[j]) {
        activityCount[j]++;
        hang[j] = 0;
      } else if (hang[j] < hangover) {
        activityCount[j]++;
        hang[j]++;
      } else {
        break; // higher thresholds are not reached either
      }
    }
  }
  if (sumSquares === 0) return { level: 0, activity: 0 };

  // For each threshold c_j, A_j = 10log10(sumSquares / activity_j) is the candidate active
  // level; the answer is where A_j - C_j crosses the margin.
  const diffs = thresholds.map((c, j) =>
    activityCount[j] === 0
      ? Number.NEGATIVE_INFINITY
      : 10 * Math.log10(sumSquares / activityCount[j]) - toDb(c),
  );
  for (let j = 1; j < thresholds.length; j++) {
    if (diffs[j - 1] >= margin && diffs[j] <= margin) {
      const aPrev = 10 * Math.log10(sumSquares / activityCount[j - 1]);
      const aNext = 10 * Math.log10(sumSquares / activityCount[j]);
      const t = diffs[j - 1] === diffs[j] ? 0 : (diffs[j - 1] - margin) / (diffs[j - 1] - diffs[j]);
      const levelDb = aPrev + t * (aNext - aPrev);
      const activeSamples = sumSquares / 10 ** (levelDb / 10);
      return { level: fromDb(levelDb), activity: Math.min(1, activeSamples / n) };
    }
  }
  // No crossing: the signal is stationary-ish (tone, noise); its active level is its RMS.
  return { level: Math.sqrt(sumSquares / n), activity: 1 };
}

/** The signal level used for SNR under the given definition, as an RMS amplitude. */
export function signalLevel(
  samples: Float32Array,
  sampleRate: number,
  reference: SignalReference,
): number {
  return reference === 'active' ? activeSpeechLevel(samples, sampleRate).level : rms(samples);
}

/**
 * Adds `noise` to `signal` scaled so that signalLevel(signal) / rms(noise) = snrDb, noise RMS
 * taken over the whole clip. Returns the mix and the gain applied to the noise. A silent noise
 * or signal leaves the signal unchanged (gain 0).
 */
export function mixAtSnr(
  signal: Float32Array,
  noise: Float32Array,
  snrDb: number,
  signalRms: number,
): { mixed: Float32Array; noiseGain: number } {
  const noiseRms = rms(noise);
  const mixed = new Float32Array(signal.length);
  if (noiseRms === 0 || signalRms === 0) {
    mixed.set(signal);
    return { mixed, noiseGain: 0 };
  }
  const gain = signalRms / fromDb(snrDb) / noiseRms;
  for (let i = 0; i < signal.length; i++) mixed[i] = signal[i] + gain * noise[i];
  return { mixed, noiseGain: gain };
}

/** Adds `noise` scaled so its RMS is `levelDbfs`. */
export function mixAtLevel(
  signal: Float32Array,
  noise: Float32Array,
  levelDbfs: number,
): { mixed: Float32Array; noiseGain: number } {
  return mixAtSnr(signal, noise, -levelDbfs, 1);
}
