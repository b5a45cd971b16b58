import { bytesText, LIMITS, limitOf } from '../input/limits.js';
import type { EngineResult } from './types.js';

/**
 * The most a response body (or a program's output) may hold, LASTMILE_MAX_RESPONSE_BYTES
 * (default 8 MiB): a transcript of even an hour with word timings is a few megabytes, so more
 * means a misbehaving server or program, and reading on would only fill memory.
 */
export function maxResponseBytes(): number {
  return limitOf('responseBytes');
}

/** `response larger than 8 MiB; stopped reading` — said when a body passes the cap. */
export function tooLargeMessage(source: string, max = maxResponseBytes()): string {
  return `${source} larger than ${bytesText(max)}; stopped reading (${LIMITS.responseBytes.env} raises the limit)`;
}

/** The first `max` characters of a body, on one line, for error messages. */
export function snippet(body: string, max = 160): string {
  const one = body.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

/**
 * Reads a transcript out of a JSON body: `pick` returns a string, or a list of strings and
 * numbers joined with spaces, trimmed. A body that is not JSON, or has nothing where `pick` looks
 * (described by `what`), is a non-retryable failure quoting the start of the body; `source`
 * says what the body was (`response`, `output`).
 */
export function transcriptFromJson(
  body: string,
  pick: (json: unknown) => unknown,
  what: string,
  source = 'response',
): EngineResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return {
      ok: false,
      error: `malformed JSON in ${source}: ${snippet(body, 80) || '(empty)'}`,
      retryable: false,
    };
  }
  const found = pick(json);
  const pieces = (Array.isArray(found) ? found : [found]).filter(
    (v): v is string | number => typeof v === 'string' || typeof v === 'number',
  );
  if (pieces.length === 0)
    return { ok: false, error: `${source} has no ${what}: ${snippet(body, 80)}`, retryable: false };
  return { ok: true, text: pieces.join(' ').trim() };
}
