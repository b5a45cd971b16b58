import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { readAudio } from '../audio/read.js';
import { writeWav16 } from '../audio/write.js';
import { corpusAccess } from '../corpus/access.js';
import type { Clip } from '../corpus/types.js';
import { UserError } from '../errors.js';
import { fileNamesFor } from '../input/file-names.js';
import { didYouMean } from '../text/closest.js';
import { CLEAN, type Condition, type SeededConditions } from './chain.js';
import { perturbClip } from './perturb-clip.js';

export interface PerturbCorpusOptions {
  readonly outDir: string;
  readonly sampleRate: number;
  /** Only these conditions (names, or a swept condition's base name). */
  readonly conditions?: readonly string[];
  /** Clips to process; babble and other corpus-reading kinds still see `allClips`. */
  readonly clips: readonly Clip[];
  readonly allClips: readonly Clip[];
  readonly concurrency?: number;
  /** After each file is written; `file` is its path under outDir. */
  onClip?(condition: string, clip: Clip, notes: Record<string, unknown>, file: string): void;
}

/** The scenario's conditions (clean first) filtered by name; unknown names are user errors. */
export function selectConditions(
  scenario: SeededConditions,
  names?: readonly string[],
): Condition[] {
  const all = [CLEAN, ...scenario.conditions];
  if (!names || names.length === 0) return all;
  const known = all.flatMap((c) => [c.name, ...(c.sweep ? [c.sweep.base] : [])]);
  for (const n of names) {
    if (!known.includes(n))
      throw new UserError(
        `${scenario.file}: no condition "${n}"${didYouMean(n, known)}; conditions: ${[...new Set(known)].join(', ')}`,
      );
  }
  return all.filter((c) => names.includes(c.name) || (c.sweep && names.includes(c.sweep.base)));
}

export const PERTURBED_MANIFEST = 'manifest.jsonl';

/**
 * Writes `<outDir>/<condition>/<clip id>.wav` (names made file-safe and unique) for every selected condition and clip, plus the
 * clean clip at the working rate, so clean and perturbed can be compared sample by sample; and
 * `<outDir>/manifest.jsonl`, a NeMo-style manifest of every written file with the parameters
 * drawn for it and any notes (clipping), so the set is itself a corpus — for lastmile
 * (`--corpus`) or any tool that reads NeMo manifests.
 */
export async function perturbCorpus(
  scenario: SeededConditions,
  options: PerturbCorpusOptions,
): Promise<{ files: number; manifest: string }> {
  const conditions = selectConditions(scenario, options.conditions);
  const access = corpusAccess(options.allClips, options.sampleRate);
  const limit = pLimit(options.concurrency ?? availableParallelism());
  const rows: string[][] = options.clips.map(() => []);
  // Ids and sweep values become paths: made safe and unique so no write leaves outDir or
  // overwrites another clip's file.
  const folderOf = fileNamesFor(conditions.map((c) => c.name));
  const fileOf = fileNamesFor(options.clips.map((c) => c.id));
  let files = 0;
  await Promise.all(
    options.clips.map((clip, k) =>
      limit(async () => {
        const clean = await readAudio(clip.audioPath, options.sampleRate);
        for (const condition of conditions) {
          const { audio, params, notes } = await perturbClip(
            scenario,
            condition,
            clip,
            clean,
            access,
          );
          const file = `${folderOf.get(condition.name)}/${fileOf.get(clip.id)}.wav`;
          await writeWav16(join(options.outDir, file), audio);
          rows[k].push(
            JSON.stringify({
              id: `${condition.name}/${clip.id}`,
              audio_filepath: file,
              text: clip.text,
              duration: audio.samples.length / audio.sampleRate,
              speaker: clip.speaker,
              ...clip.labels,
              condition: condition.name,
              clip_id: clip.id,
              params,
              ...(Object.keys(notes).length > 0 && { notes }),
            }),
          );
          files++;
          options.onClip?.(condition.name, clip, notes, file);
        }
      }),
    ),
  );
  // Clip order, then condition order: the same file whatever the concurrency.
  const manifest = join(options.outDir, PERTURBED_MANIFEST);
  await writeFile(
    manifest,
    rows
      .flat()
      .map((r) => `${r}\n`)
      .join(''),
  );
  return { files, manifest };
}
