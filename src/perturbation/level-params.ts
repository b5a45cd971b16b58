import { choice } from './params.js';

/**
 * Declarations and rules shared by the kinds that set a sound by an absolute level or by an
 * SNR (noise, babble, hum, alarm, machine) or clip at a level (clipping), so the wording a user
 * reads and the rule that checks it are the same for every kind.
 */

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
