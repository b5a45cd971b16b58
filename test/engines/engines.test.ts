import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAudio } from '../../src/audio/read.js';
import { encodeWav16 } from '../../src/audio/write.js';
import { parseJsonOutput } from '../../src/engines/command.js';
import { parseHypLine } from '../../src/engines/pocketsphinx.js';
import { createEngine } from '../../src/engines/registry.js';
import { redact, registerSecret } from '../../src/engines/secrets.js';
import { splitArgs } from '../../src/engines/split-args.js';
import type { Engine, EngineInput } from '../../src/engines/types.js';
import { tempDir } from '../helpers/corpus.js';

async function speechInput(): Promise<EngineInput> {
  const audio = await readAudio('test/fixtures/speech-ked.wav');
  return { unit: 'clean|e|ked', clipId: 'ked', audio, wav: encodeWav16(audio), audioSha256: 'x' };
}
const signal = () => new AbortController().signal;

describe('engine registry', () => {
  it('names the closest engine for an unknown id', async () => {
    await expect(createEngine('pocketsfinx')).rejects.toThrow(
      'unknown engine "pocketsfinx" (did you mean "pocketsphinx"?); known: pocketsphinx, command:<argv with {audio}>, openai[:<base-url>], deepgram[:<model>], aws-transcribe[:<language-code>], file:<module>',
    );
  });

  it('rejects unknown config keys with a suggestion', async () => {
    await expect(createEngine('openai:http://127.0.0.1:9', { modle: 'x' })).rejects.toThrow(
      'engine openai:http://127.0.0.1:9: unknown config key "modle" of openai (did you mean "model"?); known: model, language,',
    );
  });

  // The SDK is an optional dependency: `npm ci` may have installed it.
  const sdkInstalled = existsSync('node_modules/@aws-sdk/client-transcribe-streaming');
  it.skipIf(sdkInstalled)('says how to install the AWS SDK when it is missing', async () => {
    await expect(createEngine('aws-transcribe:en-GB')).rejects.toThrow(
      'needs the optional package @aws-sdk/client-transcribe-streaming: run `npm install @aws-sdk/client-transcribe-streaming`',
    );
  });

  it('names the Debian packages when pocketsphinx is missing', async () => {
    await expect(
      createEngine('pocketsphinx', { binary: 'pocketsphinx_batch_missing' }),
    ).rejects.toThrow('install it with `apt-get install pocketsphinx pocketsphinx-en-us`');
    await expect(createEngine('pocketsphinx', { lm: '/nowhere/en-us.lm.bin' })).rejects.toThrow(
      'language model not found at /nowhere/en-us.lm.bin; install it with `apt-get install pocketsphinx pocketsphinx-en-us`',
    );
  });
});

describe('pocketsphinx', () => {
  it('parses hypothesis lines, empty ones included', () => {
    expect(parseHypLine('call the night nurse (u12 -4521)')).toEqual({
      text: 'call the night nurse',
      uttid: 'u12',
      score: -4521,
    });
    expect(parseHypLine(' (u3 0)')).toEqual({ text: '', uttid: 'u3', score: 0 });
    expect(parseHypLine('INFO: something')).toBeUndefined();
  });

  it('decodes real speech in long-lived processes and cleans up', async () => {
    const engine = await createEngine('pocketsphinx', { processes: 1 });
    const input = await speechInput();
    const results = await Promise.all(
      [1, 2, 3].map(() => engine.transcribe(input, { signal: signal() })),
    );
    for (const r of results)
      expect(r).toMatchObject({ ok: true, text: expect.stringContaining('alarm') });
    await engine.close!();
  });

  it('hands config args to the decoder (a search starved to 10 HMMs a frame loses words)', async () => {
    // The quick-start suite prunes with -maxhmmpf/-maxwpf; this shows such flags reach
    // pocketsphinx_batch at all: an absurdly small cap must change the transcript.
    const input = await speechInput();
    const decode = async (config: Record<string, unknown>) => {
      const engine = await createEngine('pocketsphinx', { processes: 1, ...config });
      try {
        return await engine.transcribe(input, { signal: signal() });
      } finally {
        await engine.close!();
      }
    };
    const full = await decode({});
    const starved = await decode({ args: ['-maxhmmpf', '10', '-maxwpf', '1'] });
    expect(full).toMatchObject({ ok: true, text: expect.stringContaining('alarm') });
    expect(starved.ok).toBe(true);
    expect(starved.ok && starved.text).not.toBe(full.ok && full.text);
  });

  it('matches hypotheses to their clips whatever order the temp WAVs finish writing in', async () => {
    // A long clip (speech, then 20 s of silence) submitted together with short ones: its WAV
    // takes longest to write, but the decoder must still be told of the files in the order
    // their results are expected, or a hypothesis is credited to the wrong clip.
    const clip = async (file: string, padSeconds = 0): Promise<EngineInput> => {
      const audio = await readAudio(file);
      const samples = new Float32Array(audio.samples.length + padSeconds * audio.sampleRate);
      samples.set(audio.samples);
      const padded = { samples, sampleRate: audio.sampleRate };
      return {
        unit: file,
        clipId: file,
        audio: padded,
        wav: encodeWav16(padded),
        audioSha256: file,
      };
    };
    const inputs = [
      await clip('test/fixtures/speech.wav', 20),
      await clip('test/fixtures/speech-kal.wav'),
      await clip('test/fixtures/speech-ked.wav'),
    ];
    const engine = await createEngine('pocketsphinx', { processes: 1 });
    try {
      const alone: string[] = [];
      for (const input of inputs) {
        const r = await engine.transcribe(input, { signal: signal() });
        if (!r.ok) throw new Error(r.error);
        alone.push(r.text);
      }
      expect(new Set(alone).size).toBe(3);
      const order = [0, 1, 2, 0, 2, 1];
      const together = await Promise.all(
        order.map((k) => engine.transcribe(inputs[k], { signal: signal() })),
      );
      expect(together).toEqual(
        order.map((k) => ({ ok: true, text: alone[k], raw: expect.anything() })),
      );
    } finally {
      await engine.close!();
    }
  });
});

describe('command engine', () => {
  let engine: Engine;
  it('runs a program with an argument array (no shell) and reads JSON output by path', async () => {
    const dir = await tempDir('command');
    const script = join(dir, 'asr.mjs');
    // A stand-in recogniser: reports the WAV's size and its own argv, as JSON.
    await writeFile(
      script,
      "import { statSync } from 'node:fs';\nconst [, , flag, path] = process.argv;\nconsole.log(JSON.stringify({ segments: [{ text: 'bytes' }, { text: String(statSync(path).size) }], flag }));\n",
    );
    engine = await createEngine(
      `command:${process.execPath} ${script} "$(touch /tmp/pwned) ;" {audio}`,
      {
        output: 'json',
        jsonPath: 'segments.*.text',
      },
    );
    const input = await speechInput();
    expect(await engine.transcribe(input, { signal: signal() })).toEqual({
      ok: true,
      text: `bytes ${input.wav.length}`,
    });
    await engine.close!();
  });

  it('reports a failing program as a non-retryable error with its stderr', async () => {
    engine = await createEngine(
      `command:${process.execPath} -e "console.error('model missing'); process.exit(3)" {audio}`,
    );
    const r = await engine.transcribe(await speechInput(), { signal: signal() });
    expect(r).toMatchObject({ ok: false, retryable: false });
    expect(!r.ok && r.error).toMatch(/exited with code 3: model missing$/);
  });

  it('splits command lines like a shell would, without running one', () => {
    expect(splitArgs(`whisper-cli -m "my model.bin" -f {audio} --x='a b' c\\ d`)).toEqual([
      'whisper-cli',
      '-m',
      'my model.bin',
      '-f',
      '{audio}',
      '--x=a b',
      'c d',
    ]);
    expect(parseJsonOutput('{"text": " hi  there "}', 'text')).toEqual({
      ok: true,
      text: 'hi there',
    });
    expect(parseJsonOutput('nope', 'text')).toMatchObject({ ok: false, retryable: false });
  });
});

describe('file engine', () => {
  it('loads a user module and wraps its transcribe', async () => {
    const dir = await tempDir('file-engine');
    await writeFile(
      join(dir, 'mine.mjs'),
      "export default (config) => ({ transcribe: async (input) => config.greeting + ' ' + input.clipId });\n",
    );
    const engine = await createEngine('file:./mine.mjs', { greeting: 'hello' }, dir);
    expect(await engine.transcribe(await speechInput(), { signal: signal() })).toEqual({
      ok: true,
      text: 'hello ked',
    });
    expect(engine.config).toMatchObject({
      greeting: 'hello',
      moduleSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });
});

describe('file engine: what a module returns that is not a result', () => {
  it('is a failed call naming it (not retried), where a transcript or failure passes through', async () => {
    const dir = await tempDir('file-engine-garbage');
    await writeFile(
      join(dir, 'odd.mjs'),
      'const answers = { a: { ok: true, text: 42 }, b: { ok: true }, c: null, d: { ok: false },\n' +
        "  e: { ok: false, error: 'busy', retryable: true }, f: { ok: true, text: ' fine ' }, g: ' said ' };\n" +
        'export default { transcribe: async (input) => answers[input.unit] };\n',
    );
    const engine = await createEngine('file:./odd.mjs', {}, dir);
    const base = await speechInput();
    const got = async (unit: string) => engine.transcribe({ ...base, unit }, { signal: signal() });
    for (const unit of ['a', 'b', 'c', 'd']) {
      const r = await got(unit);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error).toMatch(/^module returned .*, not a result/);
      expect(r.retryable).toBe(false);
    }
    expect(await got('e')).toEqual({ ok: false, error: 'busy', retryable: true });
    expect(await got('f')).toEqual({ ok: true, text: ' fine ' });
    expect(await got('g')).toEqual({ ok: true, text: 'said' });
  });
});

describe('secrets', () => {
  it('redacts registered secrets wherever they appear', () => {
    registerSecret('sk-abcdef123456');
    expect(redact('key sk-abcdef123456 and again sk-abcdef123456')).toBe('key *** and again ***');
  });
});
