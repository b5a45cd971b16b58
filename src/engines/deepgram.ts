import { UserError } from '../errors.js';
import { EngineConfig } from './config.js';
import { requestTranscript, snippet } from './http.js';
import { secretFromEnv } from './secrets.js';
import type { Engine, EngineFactory, EngineResult } from './types.js';

/**
 * Deepgram pre-recorded transcription: `POST /v1/listen` with the WAV as the body and
 * `Authorization: Token <key>`. Plain fetch, no SDK. Deepgram limits concurrent requests per
 * project (429 beyond), so the default concurrency is modest.
 */
export const deepgramEngine: EngineFactory = {
  prefix: 'deepgram',
  usage: 'deepgram[:<model>] — Deepgram pre-recorded POST /v1/listen (key in DEEPGRAM_API_KEY)',
  async create({ id, target, config: raw }) {
    const config = new EngineConfig(id, raw);
    const model = config.string('model', target || 'nova-3');
    const language = config.string('language', 'en');
    const smartFormat = config.boolean('smartFormat', false);
    const baseUrl = config.string('baseUrl', 'https://api.deepgram.com').replace(/\/+$/, '');
    const apiKeyEnv = config.string('apiKeyEnv', 'DEEPGRAM_API_KEY');
    config.rejectUnknown();
    const apiKey = secretFromEnv(apiKeyEnv);
    const local = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(baseUrl);
    if (!apiKey && !local)
      throw new UserError(
        `engine ${id}: set the Deepgram API key in the environment variable ${apiKeyEnv}`,
      );
    const query = new URLSearchParams({ model, language, smart_format: String(smartFormat) });
    const endpoint = `${baseUrl}/v1/listen?${query}`;
    const engine: Engine = {
      id,
      config: { endpoint, model, language, smartFormat },
      defaults: { concurrency: 8, timeoutMs: 60_000, retries: 4 },
      version: async () => `model ${model}`,
      transcribe(input, { signal }) {
        const headers: Record<string, string> = {
          'content-type': 'audio/wav',
          accept: 'application/json',
        };
        if (apiKey) headers.authorization = `Token ${apiKey}`;
        return requestTranscript(
          endpoint,
          { method: 'POST', headers, body: new Uint8Array(input.wav) },
          signal,
          parseListen,
        );
      },
    };
    return engine;
  },
};

/** `results.channels[0].alternatives[0].transcript` of a /v1/listen response. */
export function parseListen(body: string): EngineResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return {
      ok: false,
      error: `malformed JSON in response: ${snippet(body, 80) || '(empty body)'}`,
      retryable: false,
    };
  }
  const transcript = (
    json as { results?: { channels?: { alternatives?: { transcript?: unknown }[] }[] } } | null
  )?.results?.channels?.[0]?.alternatives?.[0]?.transcript;
  if (typeof transcript !== 'string')
    return {
      ok: false,
      error: `response has no results.channels[0].alternatives[0].transcript: ${snippet(body, 80)}`,
      retryable: false,
    };
  return { ok: true, text: transcript.trim() };
}
