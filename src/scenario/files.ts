import { readdir, realpath, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { LocatedError, UserErrors } from '../errors.js';
import { isInside } from '../input/inside.js';
import type { FileRef, Scenario } from './types.js';

export type { FileRef };

/**
 * Every file a scenario names must exist and, unless the scenario sets `allowFilesOutside: true`,
 * stay inside the scenario's folder once `..` and symbolic links are resolved — so a scenario
 * from elsewhere cannot make lastmile read `/etc/passwd` or a key file as a noise bed. Checked
 * when the scenario is loaded (validate, run, perturb), each problem at the parameter's place.
 */
export async function checkScenarioFiles(scenario: Scenario): Promise<void> {
  const refs = scenario.files ?? [];
  if (refs.length === 0) return;
  const base = dirname(resolve(scenario.file));
  const realBase = await realpath(base).catch(() => base);
  const errors: LocatedError[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const key = `${ref.value}@${ref.position.line}:${ref.position.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const problem = await fileProblem(
      resolve(base, ref.value),
      realBase,
      scenario.filesOutside === true,
    );
    if (problem) {
      const { file, line, column } = ref.position;
      errors.push(new LocatedError(file, line, column, `${ref.label}: "${ref.value}" ${problem}`));
    }
  }
  if (errors.length)
    throw new UserErrors(
      errors,
      `${scenario.file}: ${errors.length} file problem${errors.length === 1 ? '' : 's'}`,
    );
}

const AUDIO = new Set(['.wav', '.flac', '.mp3', '.ogg', '.oga']);

async function fileProblem(
  path: string,
  realBase: string,
  anywhere: boolean,
): Promise<string | undefined> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    return 'not found (paths are relative to the scenario file)';
  }
  const outside = (p: string) => !anywhere && !isInside(realBase, p);
  const leaves = `leaves the scenario's folder (${realBase}); put the file beside the scenario, or set allowFilesOutside: true at the top of the scenario`;
  if (outside(real)) return leaves;
  const info = await stat(real);
  if (!info.isDirectory()) return undefined;
  // A folder of beds: each audio file in it must stay inside too (a symbolic link may not).
  for (const name of await readdir(real)) {
    if (!AUDIO.has(extname(name).toLowerCase())) continue;
    const inner = await realpath(join(real, name)).catch(() => undefined);
    if (inner === undefined) return `holds "${name}", which cannot be read (a broken link?)`;
    if (outside(inner)) return `holds "${name}", which ${leaves}`;
  }
  return undefined;
}

/**
 * The files a scenario reads, a folder of beds expanded to its audio files: absolute paths,
 * sorted, each once. What its audio depends on besides its own text (run fingerprints, the
 * warm-start store and bundles use it).
 */
export async function namedFilePaths(scenario: Scenario): Promise<string[]> {
  const base = dirname(resolve(scenario.file));
  const out = new Set<string>();
  for (const ref of scenario.files ?? []) {
    const path = resolve(base, ref.value);
    if (!(await stat(path)).isDirectory()) out.add(path);
    else
      for (const name of await readdir(path))
        if (AUDIO.has(extname(name).toLowerCase())) out.add(join(path, name));
  }
  return [...out].sort();
}
