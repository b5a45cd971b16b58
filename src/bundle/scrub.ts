import { homedir, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';

/**
 * What keeps a bundle free of the sender's machine: local folders are replaced by named
 * placeholders (`<results>`, `<corpus>`, `<home>`, …) in every text file, the same way in
 * every file, so unit keys and engine ids stay consistent and the statistics recompute
 * identically; then every file is checked, and a bundle that still holds an absolute local
 * path or anything that looks like a key is refused, naming the file and line — never the
 * value.
 */
export interface Root {
  readonly path: string;
  readonly name: string;
}

export function localRoots(named: readonly Root[]): Root[] {
  const all = [
    ...named,
    { path: process.cwd(), name: 'cwd' },
    { path: homedir(), name: 'home' },
    { path: tmpdir(), name: 'tmp' },
  ]
    .filter((r) => r.path && r.path !== '/')
    .map((r) => ({ path: resolve(r.path), name: r.name }));
  // Longest first: a results folder under the home folder becomes <results>, not <home>/….
  return all.sort((a, b) => b.path.length - a.path.length);
}

export function scrubText(text: string, roots: readonly Root[]): string {
  let out = text;
  for (const r of roots) {
    if (!out.includes(r.path)) continue;
    out = out.split(r.path).join(`<${r.name}>`);
  }
  return out;
}

const ABSOLUTE =
  /(?:^|[\s"'=:(,[])((?:\/(?:home|Users|tmp|var|work|root|mnt|opt|srv|private|Volumes|media|run)\/|[A-Za-z]:\\\\?)[^\s"',)]*)/m;
const KEY_SHAPES: readonly [RegExp, string][] = [
  [/\bsk-[A-Za-z0-9_-]{20,}/, 'an OpenAI-style key (sk-…)'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\bBearer\s+[A-Za-z0-9._~+/-]{16,}/, 'a bearer token'],
  [
    /\b(?:api[_-]?key|token|secret|password)"?\s*[:=]\s*"?[A-Za-z0-9._~+/-]{16,}/i,
    'a key-like value',
  ],
];
const SECRET_ENV = /(KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL)/i;

/** Problems of one text file of a bundle: a local absolute path, or a secret. */
export function leaksOf(name: string, text: string): string[] {
  const problems: string[] = [];
  const lines = text.split('\n');
  const secrets = Object.entries(process.env).filter(
    ([k, v]) => SECRET_ENV.test(k) && v !== undefined && v.length >= 8,
  );
  lines.forEach((line, i) => {
    const at = `${name}:${i + 1}`;
    const path = ABSOLUTE.exec(line);
    if (path) problems.push(`${at}: a local absolute path (${path[1].slice(0, 60)})`);
    for (const [re, what] of KEY_SHAPES) if (re.test(line)) problems.push(`${at}: ${what}`);
    for (const [k, v] of secrets) if (line.includes(v!)) problems.push(`${at}: the value of $${k}`);
  });
  return problems;
}

export function refuseLeaks(problems: readonly string[]): void {
  if (!problems.length) return;
  const shown = problems.slice(0, 10);
  throw new UserError(
    `the bundle would carry what must not leave this machine:\n${shown.map((p) => `  ${p}`).join('\n')}${problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : ''}\nNothing was written. Move the inputs under the results or corpus folder, or remove the value, and bundle again.`,
  );
}
