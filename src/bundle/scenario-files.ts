import { dirname, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { isInside } from '../input/inside.js';
import { namedFilePaths } from '../scenario/files.js';
import { loadScenario } from '../scenario/load.js';

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
  const base = dirname(resolve(scenarioFile));
  const out = new Map<string, string>();
  for (const local of await namedFilePaths(await loadScenario(scenarioFile))) {
    if (!isInside(base, local))
      throw new UserError(
        `${scenarioFile}: "${relative(base, local)}" lies outside the scenario's folder; a bundle carries the files a scenario names at their place beside it — copy the file next to the scenario and name it from there`,
      );
    out.set(join(dirname(bundledScenario), relative(base, local)).split(sep).join('/'), local);
  }
  return out;
}
