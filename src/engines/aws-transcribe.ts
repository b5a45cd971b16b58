import { UserError } from '../errors.js';
import { defineEngine, num, text } from './define.js';
import { registerSecret } from './secrets.js';
import { sleep } from './sleep.js';
import type { EngineResult } from './types.js';

const SDK = '@aws-sdk/client-transcribe-streaming';
/** Exception names AWS documents as transient for StartStreamTranscription. */
const RETRYABLE = new Set([
  'ThrottlingException',
  'LimitExceededException',
  'ServiceUnavailableException',
  'InternalFailureException',
  'TimeoutError',
  'RequestTimeout',
]);

/**
 * AWS Transcribe streaming (StartStreamTranscription). Audio goes as signed 16-bit
 * little-endian PCM without a header, in chunks of `chunkMs` (AWS recommends 50–200 ms)
 * paced at real time — the service expects live-rate audio even for recordings — and only
 * final (non-partial) results are kept. The SDK is an optional dependency, loaded only here;
 * credentials come from the standard AWS chain (env, profile, instance role).
 */
export const awsTranscribeEngine = defineEngine({
  prefix: 'aws-transcribe',
  summary:
    'AWS Transcribe streaming: 16-bit PCM chunks paced at real time, final results only; needs the optional `@aws-sdk/client-transcribe-streaming` and the standard AWS credential chain',
  target: { form: '<language-code>', description: 'Language code (default en-US)' },
  params: {
    languageCode: text({
      optional: true,
      defaultText: 'the id’s <language-code>, else en-US',
      description: 'Transcribe language code',
    }),
    region: text({
      optional: true,
      defaultText: '$AWS_REGION, else $AWS_DEFAULT_REGION, else us-east-1',
      description: 'AWS region',
    }),
    chunkMs: num({
      unit: 'count',
      integer: true,
      min: 20,
      max: 1000,
      default: 100,
      description: 'Milliseconds of audio per event (AWS recommends 50–200)',
    }),
    realtimeFactor: num({
      unit: 'ratio',
      min: 0.1,
      max: 10,
      default: 1,
      description: 'Pace of sending relative to real time',
    }),
    vocabularyName: text({ optional: true, description: 'A custom vocabulary of the account' }),
  },
  dispatch: { concurrency: 5, timeoutMs: 180_000, retries: 4 },
  async create({ id, target, values }) {
    const { chunkMs, realtimeFactor: pace, vocabularyName } = values;
    const languageCode = values.languageCode ?? (target || 'en-US');
    const region =
      values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
    registerSecret(process.env.AWS_SECRET_ACCESS_KEY);
    registerSecret(process.env.AWS_SESSION_TOKEN);
    registerSecret(process.env.AWS_ACCESS_KEY_ID);
    // biome-ignore lint/suspicious/noExplicitAny: optional dependency, typed only when installed
    let sdk: any;
    try {
      const name = SDK;
      sdk = await import(name);
    } catch {
      throw new UserError(
        `engine ${id} needs the optional package ${SDK}: run \`npm install ${SDK}\` in the lastmile folder`,
      );
    }
    const client = new sdk.TranscribeStreamingClient({ region });
    return {
      config: {
        languageCode,
        region,
        chunkMs,
        ...(vocabularyName !== undefined && { vocabularyName }),
      },
      identity: async () => ({ version: `${SDK} (${region})`, files: {} }),
      async transcribe(input, { signal }): Promise<EngineResult> {
        const pcm = input.wav.subarray(44);
        const chunkBytes = Math.round((input.audio.sampleRate * chunkMs) / 1000) * 2;
        async function* audioStream() {
          for (let offset = 0; offset < pcm.length; offset += chunkBytes) {
            if (signal.aborted) return;
            yield { AudioEvent: { AudioChunk: pcm.subarray(offset, offset + chunkBytes) } };
            await sleep(chunkMs / pace, signal);
          }
        }
        try {
          const response = await client.send(
            new sdk.StartStreamTranscriptionCommand({
              LanguageCode: languageCode,
              MediaEncoding: 'pcm',
              MediaSampleRateHertz: input.audio.sampleRate,
              ...(vocabularyName !== undefined && { VocabularyName: vocabularyName }),
              AudioStream: audioStream(),
            }),
            { abortSignal: signal },
          );
          const parts: string[] = [];
          for await (const event of response.TranscriptResultStream ?? []) {
            for (const result of event.TranscriptEvent?.Transcript?.Results ?? []) {
              if (!result.IsPartial) parts.push(result.Alternatives?.[0]?.Transcript ?? '');
            }
          }
          return { ok: true, text: parts.join(' ').replace(/\s+/g, ' ').trim() };
        } catch (e) {
          const err = e as Error & { $metadata?: { httpStatusCode?: number } };
          const status = err.$metadata?.httpStatusCode;
          return {
            ok: false,
            error: `${err.name}: ${err.message}`,
            retryable:
              RETRYABLE.has(err.name) || signal.aborted || (status !== undefined && status >= 500),
            ...(status !== undefined && { status }),
          };
        }
      },
      async close() {
        client.destroy?.();
      },
    };
  },
});
