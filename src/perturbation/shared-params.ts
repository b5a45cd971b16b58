import { choice, num } from './params.js';

/**
 * Parameter declarations and cross-parameter rules that several kinds share, so the wording a
 * user reads and the rule that checks it are the same in every kind that has the parameter.
 */

/** An SNR given instead of a level: signal level over the added sound's RMS, −20…80 dB. */
export const snrInsteadOfLevel = (description: string) =>
  num({ unit: 'dB', min: -20, max: 80, optional: true, description });

/** A level given instead of an SNR: the added sound's RMS, −120…0 dBFS. */
export const levelInsteadOfSnr = (description: string) =>
  num({ unit: 'dBFS', min: -120, max: 0, optional: true, description });

/** What "signal level" means in an SNR: the P.56 active speech level or whole-clip RMS. */
export const signalReference = choice({
  values: ['active', 'rms'],
  default: 'active',
  description: 'Signal power for snr: P.56 active speech level or whole-clip RMS',
});

/**
 * A `check` rule for alternative parameters such as snr and level: exactly one must be given.
 * `units` names each alternative with its unit, in the order the message lists them.
 */
export function exactlyOne(
  values: Readonly<Record<string, unknown>>,
  units: Readonly<Record<string, string>>,
): string[] {
  const names = Object.keys(units);
  const given = names.filter((name) => values[name] !== undefined);
  if (given.length === 0) {
    return [`give ${names.map((name) => `${name} (${units[name]})`).join(' or ')}`];
  }
  return given.length > 1 ? [`give ${names.join(' or ')}, not both`] : [];
}

/** The order of a Butterworth filter built from second-order sections (bandpass, filter). */
export const butterworthOrder = num({
  unit: 'count',
  min: 2,
  max: 16,
  integer: true,
  default: 4,
  description: 'Butterworth order per edge (even); slope = 6·order dB/octave',
});

/** `check` rule for a band given by its edges (bandpass, filter, machine). */
export function bandEdgesInOrder(low: number, high: number): string[] {
  return low >= high ? [`low (${low} Hz) must be below high (${high} Hz)`] : [];
}

/** `check` rule for butterworthOrder: sections come in pairs of poles. */
export function evenOrder(order: number): string[] {
  return order % 2 !== 0 ? [`order must be even, got ${order}`] : [];
}
