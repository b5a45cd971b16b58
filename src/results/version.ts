import { readFileSync } from 'node:fs';

export interface ToolVersion {
  readonly name: 'lastmile';
  readonly version: string;
}

let cached: ToolVersion | undefined;

/**
 * lastmile's own version, from its package.json: recorded in run.json and summary.json, so
 * `run` and `stats` over the same folder state the same tool.
 */
export function toolVersion(): ToolVersion {
  cached ??= readToolVersion();
  return cached;
}

function readToolVersion(): ToolVersion {
  // src/results/ and dist/src/results/ sit at different depths below the package root.
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'lastmile') return { name: 'lastmile', version: pkg.version ?? 'unknown' };
    } catch {
      // not there at this depth: try the next
    }
  }
  return { name: 'lastmile', version: 'unknown' };
}
