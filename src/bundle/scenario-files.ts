import { readdir, stat } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { isInside } from '../input/inside.js';
import { loadScenario } from '../scenario/load.js';

const AUDIO = new Set(['.wav', '.flac', '.mp3', '.ogg', '.oga']);

/**
 * The files a scenario names (noise beds, impulse responses, or folders of them), as
 * bundle path → local path, at the same place relative to the scenario as on this machine:
 * the bundled scenario then reads them unchanged. A file outside the scenario's folder
 * (`allowFilesOutside: true`) cannot keep its path in a bundle, so it is refused by name.
 */
export async function scenarioFiles(
  scenarioFile: string,
  bundledScenario: string,
): Promise<Map<string, string>> {
  const scenario = await loadScenario(scenarioFile);
  const base = dirname(resolve(scenarioFile));
  const out = new Map<string, string>();
  const add = (local: string) => {
    const inBundle = join(dirname(bundledScenario), relative(base, local)).split(sep).join('/');
    out.set(inBundle, local);
  };
  for (const ref of scenario.files ?? []) {
    const local = resolve(base, ref.value);
    if (!isInside(base, local))
      throw new UserError(
        `${scenarioFile}: ${ref.label} "${ref.value}" lies outside the scenario's folder; a bundle carries the files a scenario names at their place beside it — copy the file next to the scenario and name it from there`,
      );
    if (!(await stat(local)).isDirectory()) {
      add(local);
      continue;
    }
    for (const name of (await readdir(local)).sort())
      if (AUDIO.has(extname(name).toLowerCase())) add(join(local, name));
  }
  return out;
}
