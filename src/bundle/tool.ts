import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolVersion } from '../results/version.js';
import { sha256 } from './hash.js';

/** lastmile's version and the sha256 of the package-lock.json it was installed from. */
export function toolIdentity(): {
  name: 'lastmile';
  version: string;
  lockfileSha256: string | null;
} {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const lock = join(dir, 'package-lock.json');
    if (existsSync(join(dir, 'package.json')) && existsSync(lock))
      return { ...toolVersion(), lockfileSha256: sha256(readFileSync(lock)) };
  }
  return { ...toolVersion(), lockfileSha256: null };
}
