import { UserError } from '../errors.js';
import { bool, defineEngine, text } from './define.js';
import { isLoopbackUrl, requestTranscript } from './http.js';
import { transcriptFromJson } from './json-response.js';
import { secretFromEnv } from './secrets.js';
import type { EngineResult } from './types.js';
import { hideUrlSecrets, urlSecretProblem } from './url-secrets.js';

/**
 * Deepgram pre-recorded transcription: `POST /v1/listen` with the WAV as the body and
 * `Authorization: Token <key>`. Plain fetch, no SDK. Deepgram limits concurrent requests per
 * project (429 beyond), so the default concurrency is modest.
 */
export const deepgramEngine = defineEngine({
  prefix: 'deepgram',
  summary: 'Deepgram pre-recorded `POST /v1/listen` (plain HTTP, no SDK)',
  target: { form: '<model>', description: 'Model, as the model key (default nova-3)' },
  params: {
    model: text({
      optional: true,
      defaultText: 'the id’s <model>, else nova-3',
      description: 'Deepgram model',
    }),
    language: text({ default: 'en', description: 'BCP-47 language tag' }),
    smartFormat: bool({ default: false, description: 'Deepgram smart formatting' }),
    baseUrl: text({ default: 'https://api.deepgram.com', description: 'API base URL' }),
    apiKeyEnv: text({
      default: 'DEEPGRAM_API_KEY',
      description: 'Environment variable holding the API key (sent only as a Token header)',
    }),
  },
  dispatch: { concurrency: 8, timeoutMs: 60_000, retries: 4 },
  check: (values) => {
    let url: URL;
    try {
      url = new URL(values.baseUrl);
    } catch {
      return [`baseUrl "${hideUrlSecrets(values.baseUrl)}" is not a URL`];
    }
    const secret = urlSecretProblem(url);
    return secret ? [`baseUrl: ${secret}`] : [];
  },
  async create({ id, target, values }) {
    const { language, smartFormat, apiKeyEnv } = values;
    const model = values.model ?? (target || 'nova-3');
    const baseUrl = values.baseUrl.replace(/\/+$/, '');
    const apiKey = secretFromEnv(apiKeyEnv);
    if (!apiKey && !isLoopbackUrl(baseUrl))
      throw new UserError(
        `engine ${id}: set the Deepgram API key in the environment variable ${apiKeyEnv}`,
      );
    const query = new URLSearchParams({ model, language, smart_format: String(smartFormat) });
    const endpoint = `${baseUrl}/v1/listen?${query}`;
    return {
      config: { endpoint, model, language, smartFormat },
      identity: async () => ({ version: `model ${model}`, files: {} }),
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
  },
});

/** `results.channels[0].alternatives[0].transcript` of a /v1/listen response. */
export function parseListen(body: string): EngineResult {
  return transcriptFromJson(
    body,
    (json) =>
      (json as { results?: { channels?: { alternatives?: { transcript?: unknown }[] }[] } } | null)
        ?.results?.channels?.[0]?.alternatives?.[0]?.transcript,
    'results.channels[0].alternatives[0].transcript',
  );
}
