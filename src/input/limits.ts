import { UserError } from '../errors.js';

/**
 * What the outside may make lastmile read or wait for, each with a stated default and an
 * environment variable to change it (docs/bad-input.md lists them). A file past its limit is a
 * user error naming the file, the size and the variable — not an out-of-memory crash later.
 */
export const LIMITS = {
  yamlBytes: {
    env: 'LASTMILE_MAX_YAML_BYTES',
    default: 4 * 1024 * 1024,
    what: 'scenario or suite file size, bytes',
  },
  manifestBytes: {
    env: 'LASTMILE_MAX_MANIFEST_BYTES',
    // V8 cannot hold one string much past 512 MiB; a manifest is read whole.
    default: 512 * 1024 * 1024,
    what: 'corpus manifest or score pairs file size, bytes',
  },
  responseBytes: {
    env: 'LASTMILE_MAX_RESPONSE_BYTES',
    // A transcript of even an hour with word timings is a few megabytes.
    default: 8 * 1024 * 1024,
    what: 'one engine response body or command output, bytes (the rest is not read; the unit is an error)',
  },
  yamlAliases: {
    env: 'LASTMILE_MAX_YAML_ALIASES',
    default: 100,
    what: 'YAML alias uses one scenario or suite may expand (a "billion laughs" guard)',
  },
  audioBytes: {
    env: 'LASTMILE_MAX_AUDIO_BYTES',
    default: 512 * 1024 * 1024,
    what: 'one audio file (clip, noise bed, impulse response, recording), bytes',
  },
} as const;

export type LimitName = keyof typeof LIMITS;

/** The limit in force: the environment variable when set (a positive whole number), else the default. */
export function limitOf(name: LimitName): number {
  const { env, default: fallback } = LIMITS[name];
  const raw = process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UserError(`${env} must be a whole number ≥ 1, got ${JSON.stringify(raw)}`);
  return n;
}

/** "3.2 MiB" for messages. */
export function bytesText(n: number): string {
  if (n >= 1024 ** 2 && n % 1024 ** 2 === 0 && n < 1024 ** 3) return `${n / 1024 ** 2} MiB`;
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(1)} GiB`;
}

/** A file over `name`'s limit, as a user error naming the file, its size and how to raise it. */
export function overLimit(file: string, size: number, name: LimitName): UserError {
  const { env } = LIMITS[name];
  return new UserError(
    `${file}: ${bytesText(size)}, more than the ${bytesText(limitOf(name))} lastmile reads (${LIMITS[name].what}; raise it with ${env}=<bytes>)`,
  );
}
