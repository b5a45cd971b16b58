import { z } from 'zod';

/**
 * bundle.json: what a bundle holds and the hash of every part, so `reproduce` can say exactly
 * what matched. Paths are inside the bundle; nothing names the sender's machine.
 */
export const bundleIndexSchema = z.strictObject({
  schemaVersion: z.literal(1),
  createdAt: z.string(),
  tool: z.strictObject({
    name: z.literal('lastmile'),
    version: z.string(),
    lockfileSha256: z.string().nullable(),
  }),
  run: z.strictObject({
    fingerprint: z.string(),
    status: z.string(),
    seeds: z.array(z.strictObject({ scenario: z.string(), file: z.string(), seed: z.number() })),
    engines: z.array(
      z.strictObject({ id: z.string(), version: z.string(), identity: z.unknown().optional() }),
    ),
    normalizer: z.string(),
    groupBy: z.string(),
  }),
  corpus: z.strictObject({
    manifest: z.string(),
    format: z.string(),
    sha256: z.string(),
    clips: z.array(
      z.strictObject({
        id: z.string(),
        speaker: z.string(),
        audio: z.string(),
        sha256: z.string(),
      }),
    ),
  }),
  files: z.array(z.strictObject({ path: z.string(), sha256: z.string(), bytes: z.int() })),
  rows: z.array(z.strictObject({ unit: z.string(), sha256: z.string() })),
  examples: z.array(
    z.strictObject({
      unit: z.string(),
      clip: z.string(),
      condition: z.string(),
      file: z.string(),
      audioSha256: z.string(),
    }),
  ),
});

export type BundleIndex = z.infer<typeof bundleIndexSchema>;

/** The folder at the top of every bundle archive. */
export const BUNDLE_ROOT = 'lastmile-bundle';
