import { UserError } from '../errors.js';
import { choice, defineEngine, num, text } from './define.js';
import { isLoopbackUrl, requestTranscript } from './http.js';
import { transcriptFromJson } from './json-response.js';
import { secretFromEnv } from './secrets.js';
import type { EngineResult } from './types.js';
import { hideUrlSecrets, urlSecretProblem } from './url-secrets.js';

const FORMATS = ['json', 'verbose_json', 'text'] as const;
const DEFAULT_BASE = 'https://api.openai.com';

/**
 * Any OpenAI-compatible `POST /v1/audio/transcriptions` server: OpenAI itself, Groq,
 * whisper.cpp's server (`--inference-path /v1/audio/transcriptions`), faster-whisper servers,
 * vLLM. The key is read from an environment variable (default OPENAI_API_KEY) and only ever
 * sent in the Authorization header; servers on loopback may need none.
 */
export const openaiEngine = defineEngine({
  prefix: 'openai',
  summary:
    'Any OpenAI-compatible `POST /v1/audio/transcriptions` server (OpenAI, whisper.cpp, faster-whisper, vLLM)',
  target: { form: '<base-url>', description: `Server base URL (default ${DEFAULT_BASE})` },
  params: {
    model: text({ default: 'whisper-1', description: 'Model name sent with each request' }),
    language: text({ optional: true, description: 'ISO-639-1 language hint, e.g. en' }),
    prompt: text({ optional: true, description: 'Text to prime the decoder with' }),
    temperature: num({
      unit: 'ratio',
      min: 0,
      max: 1,
      optional: true,
      description: 'Sampling temperature (server default when unset)',
    }),
    responseFormat: choice({
      values: FORMATS,
      default: 'json',
      description: 'Response body the transcript is read from',
    }),
    path: text({
      optional: true,
      defaultText: '/v1/audio/transcriptions, or /audio/transcriptions after a …/v1 URL',
      description: 'Request path under the base URL',
    }),
    apiKeyEnv: text({
      default: 'OPENAI_API_KEY',
      description: 'Environment variable holding the API key (sent only as a Bearer header)',
    }),
  },
  dispatch: { concurrency: 4, timeoutMs: 60_000, retries: 4 },
  check: (_values, target) => {
    const url = parseUrl(target || DEFAULT_BASE);
    if (!url)
      return [
        `"${hideUrlSecrets(target)}" is not a URL (expected e.g. openai:http://127.0.0.1:8080)`,
      ];
    const secret = urlSecretProblem(url);
    return secret ? [secret] : [];
  },
  async create({ id, target, values }) {
    const { model, language, prompt, temperature, responseFormat, apiKeyEnv } = values;
    const base = (target || DEFAULT_BASE).replace(/\/+$/, '');
    const path =
      values.path ?? (/\/v1$/.test(base) ? '/audio/transcriptions' : '/v1/audio/transcriptions');
    const endpoint = `${base}${path.startsWith('/') ? '' : '/'}${path}`;
    const apiKey = secretFromEnv(apiKeyEnv);
    if (!apiKey && !isLoopbackUrl(base) && apiKeyEnv !== 'OPENAI_API_KEY')
      throw new UserError(`engine ${id}: environment variable ${apiKeyEnv} is not set`);
    return {
      config: {
        endpoint,
        model,
        responseFormat,
        ...(language !== undefined && { language }),
        ...(prompt !== undefined && { prompt }),
        ...(temperature !== undefined && { temperature }),
      },
      identity: async () => ({ version: `model ${model}`, files: {} }),
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
  },
});

/** Reads `text` from a json/verbose_json body, or the body itself for `text`. */
export function parseTranscription(body: string, format: (typeof FORMATS)[number]): EngineResult {
  if (format === 'text') return { ok: true, text: body.trim() };
  return transcriptFromJson(
    body,
    (json) => (json as { text?: unknown } | null)?.text,
    '"text" string',
  );
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 80) || 'audio';
}
