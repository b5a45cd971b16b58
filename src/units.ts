/**
 * Quantities with units as users write them in scenarios: `-30dBFS`, `15dB`, `3.4kHz`, `12.2k`,
 * `250ms`, `1.5s`, `2x`. Each parameter declares its unit; a bare number is in that unit.
 */
export type Unit = 'dB' | 'dBFS' | 'Hz' | 's' | 'bit/s' | 'ratio' | 'count' | 'percent' | 'm';

/** The suffixes each unit accepts after a number, with the factor to the unit's base. */
const SUFFIXES: Record<Unit, Record<string, number>> = {
  dB: { db: 1, '': 1 },
  // Not `db`: a level relative to full scale written as `-30dB` is likely a mix-up with an SNR.
  dBFS: { dbfs: 1, '': 1 },
  Hz: { hz: 1, khz: 1e3, k: 1e3, '': 1 },
  s: { s: 1, ms: 1e-3, sec: 1, min: 60, '': 1 },
  'bit/s': { 'bit/s': 1, bps: 1, 'kbit/s': 1e3, kbps: 1e3, 'kb/s': 1e3, k: 1e3, m: 1e6, '': 1 },
  ratio: { x: 1, '': 1, '%': 0.01 },
  count: { '': 1 },
  percent: { '%': 1, '': 1 },
  m: { m: 1, cm: 0.01, mm: 1e-3, '': 1 },
};

const NUMBER = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([a-z%/]*)\s*$/i;

/** The suffixes a unit accepts, for error messages and the JSON Schema pattern. */
export function unitSuffixes(unit: Unit): string[] {
  return Object.keys(SUFFIXES[unit]).filter((s) => s !== '');
}

/** The number part of a quantity string with a suffix the unit does not accept (`-30dB` → -30). */
export function numberPart(value: string): number | undefined {
  const match = NUMBER.exec(value);
  return match ? Number(match[1]) : undefined;
}

/** Parses `value` in `unit`; returns undefined when it is not a number with an accepted suffix. */
export function parseQuantity(value: string | number, unit: Unit): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const match = NUMBER.exec(value);
  if (!match) return undefined;
  const factor = SUFFIXES[unit][match[2].toLowerCase()];
  if (factor === undefined) return undefined;
  const n = Number(match[1]) * factor;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * A JSON Schema pattern for a quantity in `unit`: a number and one of the unit's suffixes, so
 * an editor flags `snr: 15Hz` while typing. JSON Schema patterns have no case-insensitive flag,
 * so each letter is a class of both cases (`[dD][bB]`).
 */
export function quantityPattern(unit: Unit): string {
  const either = (ch: string) =>
    ch.toLowerCase() === ch.toUpperCase() ? ch : `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
  const suffixes = unitSuffixes(unit).map((s) => [...s].map(either).join(''));
  const suffix = suffixes.length ? `(${suffixes.join('|')})?` : '';
  return `^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?\\s*${suffix}\\s*$`;
}

/** How a value in `unit` reads in messages and `lastmile list`. */
export function formatQuantity(value: number, unit: Unit): string {
  switch (unit) {
    case 'count':
      return String(value);
    case 'ratio':
      return `${value}`;
    case 'percent':
      return `${value}%`;
    case 'bit/s':
      return value >= 1000 ? `${value / 1000}k` : `${value} bit/s`;
    case 'Hz':
      return value >= 1000 ? `${value / 1000} kHz` : `${value} Hz`;
    case 's':
      return value < 1 ? `${value * 1000} ms` : `${value} s`;
    default:
      return `${value} ${unit}`;
  }
}
