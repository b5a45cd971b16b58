import { maxResponseBytes, snippet, tooLargeMessage } from './json-response.js';
import type { EngineResult } from './types.js';

/** True for URLs on this machine, where a server may need no API key. */
export function isLoopbackUrl(url: string): boolean {
  try {
    return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

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
  let body: string | undefined;
  try {
    response = await fetch(url, { ...init, signal });
    body = await readCapped(response, maxResponseBytes());
  } catch (e) {
    if (signal.aborted) return { ok: false, error: 'aborted (timed out)', retryable: true };
    return { ok: false, error: `connection failed: ${describeFetchError(e)}`, retryable: true };
  }
  if (body === undefined)
    return {
      ok: false,
      error: `HTTP ${response.status}: ${tooLargeMessage('response')}`,
      retryable: false,
      status: response.status,
    };
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

/** The body as text, or undefined once it passes `max` bytes (the rest is not read). */
export async function readCapped(response: Response, max: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > max) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeFetchError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  if (cause?.message) return cause.message;
  return err.message ?? String(e);
}
