import { UserError } from '../errors.js';
import { EngineConfig } from './config.js';
import { requestTranscript, snippet } from './http.js';
import { secretFromEnv } from './secrets.js';
import type { Engine, EngineFactory, EngineResult } from './types.js';

const FORMATS = ['json', 'verbose_json', 'text'] as const;

/**
 * Any OpenAI-compatible `POST /v1/audio/transcriptions` server: OpenAI itself, Groq,
 * whisper.cpp's server (`--inference-path /v1/audio/transcriptions`), faster-whisper servers,
 * vLLM. The key is read from an environment variable (default OPENAI_API_KEY) and only ever
 * sent in the Authorization header; servers on loopback may need none.
 */
export const openaiEngine: EngineFactory = {
  prefix: 'openai',
  usage:
    'openai:<base-url> — OpenAI-compatible POST /v1/audio/transcriptions (default https://api.openai.com)',
  async create({ id, target, config: raw }) {
    const config = new EngineConfig(id, raw);
    const base = (target || 'https://api.openai.com').replace(/\/+$/, '');
    let url: URL;
    try {
      url = new URL(base);
    } catch {
      throw new UserError(
        `engine ${id}: "${base}" is not a URL (expected e.g. openai:http://127.0.0.1:8080)`,
      );
    }
    if (url.username || url.password)
      throw new UserError(
        `engine ${id}: put credentials in an environment variable (apiKeyEnv), not in the URL`,
      );
    const path = config.string(
      'path',
      /\/v1$/.test(base) ? '/audio/transcriptions' : '/v1/audio/transcriptions',
    );
    const endpoint = `${base}${path.startsWith('/') ? '' : '/'}${path}`;
    const model = config.string('model', 'whisper-1');
    const language = config.string('language');
    const prompt = config.string('prompt');
    const temperature = config.number('temperature');
    const responseFormat = config.choice('responseFormat', FORMATS, 'json');
    const apiKeyEnv = config.string('apiKeyEnv', 'OPENAI_API_KEY');
    config.rejectUnknown();
    const apiKey = secretFromEnv(apiKeyEnv);
    const remote = !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (!apiKey && remote && raw.apiKeyEnv !== undefined)
      throw new UserError(`engine ${id}: environment variable ${apiKeyEnv} is not set`);

    const engine: Engine = {
      id,
      config: {
        endpoint,
        model,
        responseFormat,
        ...(language !== undefined && { language }),
        ...(prompt !== undefined && { prompt }),
        ...(temperature !== undefined && { temperature }),
      },
      defaults: { concurrency: 4, timeoutMs: 60_000, retries: 4 },
      version: async () => `model ${model}`,
      transcribe(input, { signal }) {
        const form = new FormData();
        form.append(
          'file',
          new Blob([new Uint8Array(input.wav)], { type: 'audio/wav' }),
          `${safeName(input.clipId)}.wav`,
        );
        form.append('model', model);
        form.append('response_format', responseFormat);
        if (language !== undefined) form.append('language', language);
        if (prompt !== undefined) form.append('prompt', prompt);
        if (temperature !== undefined) form.append('temperature', String(temperature));
        const headers: Record<string, string> = { accept: 'application/json' };
        if (apiKey) headers.authorization = `Bearer ${apiKey}`;
        return requestTranscript(
          endpoint,
          { method: 'POST', headers, body: form },
          signal,
          (body) => parseTranscription(body, responseFormat),
        );
      },
    };
    return engine;
  },
};

/** Reads `text` from a json/verbose_json body, or the body itself for `text`. */
export function parseTranscription(body: string, format: (typeof FORMATS)[number]): EngineResult {
  if (format === 'text') return { ok: true, text: body.trim() };
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
  const text = (json as { text?: unknown } | null)?.text;
  if (typeof text !== 'string')
    return {
      ok: false,
      error: `response has no "text" string: ${snippet(body, 80)}`,
      retryable: false,
    };
  return { ok: true, text: text.trim() };
}

function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 80) || 'audio';
}
