import type { EngineResult } from './types.js';

/** Statuses worth another try (as openai-node and most SDKs): timeout, conflict, rate limit, 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * The wait a server asked for, in milliseconds: `retry-after-ms` (OpenAI's, fractional ms)
 * first, then `Retry-After` as seconds or an HTTP date (RFC 9110 §10.2.3).
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0)
    return Number(ms);
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The first `max` characters of a response body, on one line, for error messages. */
export function snippet(body: string, max = 160): string {
  const one = body.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

/**
 * Sends one request and turns every way it can go wrong into a result value: connection
 * failures and retryable statuses are `retryable`; a 2xx body is handed to `parse`.
 */
export async function requestTranscript(
  url: string,
  init: RequestInit,
  signal: AbortSignal,
  parse: (body: string, contentType: string) => EngineResult,
): Promise<EngineResult> {
  let response: Response;
  let body: string;
  try {
    response = await fetch(url, { ...init, signal });
    body = await response.text();
  } catch (e) {
    if (signal.aborted) return { ok: false, error: 'aborted (timed out)', retryable: true };
    return { ok: false, error: `connection failed: ${describeFetchError(e)}`, retryable: true };
  }
  if (response.ok) return parse(body, response.headers.get('content-type') ?? '');
  const retryable = isRetryableStatus(response.status);
  const wait = retryAfterMs(response.headers);
  return {
    ok: false,
    error: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${body ? `: ${snippet(body)}` : ''}`,
    retryable,
    status: response.status,
    ...(wait !== undefined && { retryAfterMs: wait }),
  };
}

function describeFetchError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  if (cause?.message) return cause.message;
  return err.message ?? String(e);
}
