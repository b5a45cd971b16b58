/**
 * Secret values (API keys) the run has read from the environment. Everything that leaves the
 * process — result rows, run.json, progress and error messages — passes through `redact`, so
 * a key echoed back by a server or a proxy never reaches a file or a log.
 */
const secrets = new Set<string>();

/** Remembers a secret so `redact` hides it; values shorter than 6 characters are not secrets. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

/** `text` with every registered secret replaced by `***`. */
export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('***');
  return out;
}

/** Reads an API key from the named environment variable and registers it for redaction. */
export function secretFromEnv(variable: string): string | undefined {
  const value = process.env[variable];
  if (value === undefined || value === '') return undefined;
  registerSecret(value);
  return value;
}

const SECRET_KEY = /(^|[_-])(api[_-]?key|apikey|token|secret|password|authorization)$/i;

/** True for config keys that would hold a secret (users must name an env var instead). */
export function looksSecret(key: string): boolean {
  return SECRET_KEY.test(key) || /^(apiKey|accessToken|secretAccessKey)$/.test(key);
}
