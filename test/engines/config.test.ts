import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engines/registry.js';
import { parseEngineSetups } from '../../src/engines/setup.js';
import { loadSuite } from '../../src/run/suite.js';
import { tempDir } from '../helpers/corpus.js';

/** The problems a call throws, one message per line (the last line is the count). */
function problems(work: () => unknown): string[] {
  try {
    work();
  } catch (e) {
    return (e as Error).message.split('\n');
  }
  throw new Error('expected the setup to be rejected');
}

describe('engine config from a suite file', () => {
  // Lines and columns below are counted by hand from this text, not by the code under test.
  const text = [
    'name: bad-engines', //                                             1
    'corpus: c.jsonl', //                                               2
    'scenarios: [a.yaml]', //                                           3
    'engines:', //                                                      4
    '  - id: openai:http://127.0.0.1:9', //                             5
    '    config:', //                                                   6
    '      modle: whisper-1', //                                        7
    '      temperature: 3', //                                          8
    '      responseFormat: srt', //                                     9
    '    retries: 2', //                                                10
    '  - id: pocketsphinx', //                                          11
    '    config: { processes: 2.5, binery: x }', //                     12
    '  - deepgramm:nova-3', //                                          13
  ].join('\n');

  it('names file:line:column, the key and the nearest known name for every problem at once', async () => {
    const file = join(await tempDir('engine-config'), 'suite.yaml');
    await writeFile(file, `${text}\n`);
    const suite = await loadSuite(file);
    const found = problems(() => parseEngineSetups({ suite: { file, engines: suite.engines } }));
    expect(found).toEqual([
      `${file}:7:7 engines[0].config: unknown config key "modle" of openai (did you mean "model"?); known: model, language, prompt, temperature, responseFormat, path, apiKeyEnv`,
      `${file}:8:20 engines[0].config: temperature must be within [0, 1], got 3`,
      `${file}:9:23 engines[0].config: responseFormat must be one of "json", "verbose_json", "text", got "srt"`,
      `${file}:12:26 engines[1].config: processes must be a whole number, got 2.5`,
      `${file}:12:31 engines[1].config: unknown config key "binery" of pocketsphinx (did you mean "binary"?); known: hmm, lm, dict, processes, args, binary`,
      `${file}:13:5 engines[2]: unknown engine "deepgramm:nova-3" (did you mean "deepgram"?); known: pocketsphinx, command:<argv with {audio}>, openai[:<base-url>], deepgram[:<model>], aws-transcribe[:<language-code>], file:<module>`,
      '6 problems with the engines',
    ]);
  });

  it('reads the suite file for positions only when a problem is found', () => {
    const setups = parseEngineSetups({
      suite: {
        file: '/nonexistent/suite.yaml',
        engines: [
          'pocketsphinx',
          { id: 'openai:http://127.0.0.1:9', config: { model: 'm', temperature: 0.2 }, rps: 5 },
        ],
      },
    });
    expect(setups).toEqual([
      { id: 'pocketsphinx', config: {} },
      {
        id: 'openai:http://127.0.0.1:9',
        config: { model: 'm', temperature: 0.2 },
        rps: 5,
      },
    ]);
  });
});

describe('engine config from the command line', () => {
  it('names the flag and the nearest known name', () => {
    expect(
      problems(() =>
        parseEngineSetups({
          engineIds: ['openai:http://127.0.0.1:9', 'pocketsphinx'],
          engineConfig: [
            'openai.modle=whisper-1',
            'opnai.model=x',
            'language=en',
            'concurrency=0',
            'retries=1.5',
            'timeoutMs',
          ],
        }),
      ),
    ).toEqual([
      '--engine-config opnai.model=x: unknown engine kind "opnai" (did you mean "openai"?); known: pocketsphinx, command, openai, deepgram, aws-transcribe, file',
      '--engine-config timeoutMs: expected key=value or <prefix>.key=value',
      '--engine-config openai.modle=whisper-1: unknown config key "modle" of openai (did you mean "model"?); known: model, language, prompt, temperature, responseFormat, path, apiKeyEnv',
      '--engine-config concurrency=0: concurrency must be within [1, 1024], got 0',
      '--engine-config retries=1.5: retries must be a whole number, got 1.5',
      '--engine-config language=en: unknown config key "language" of pocketsphinx; known: hmm, lm, dict, processes, args, binary (for openai only, write openai.language=…)',
      '6 problems with the engines',
    ]);
  });

  it('converts flag strings to the declared types and lets flags override the suite', () => {
    const setups = parseEngineSetups({
      engineConfig: ['deepgram.smartFormat=yes', 'pocketsphinx.args=-beam 1e-60', 'rps=2.5'],
      suite: {
        file: 'suite.yaml',
        engines: [
          { id: 'deepgram', config: { smartFormat: false, language: 'de' }, retries: 3 },
          'pocketsphinx',
        ],
      },
    });
    expect(setups).toEqual([
      {
        id: 'deepgram',
        config: { smartFormat: true, language: 'de' },
        retries: 3,
        rps: 2.5,
      },
      { id: 'pocketsphinx', config: { args: ['-beam', '1e-60'] }, rps: 2.5 },
    ]);
  });

  it('hands a file: engine its own keys unchecked, and refuses an engine named twice', () => {
    expect(
      parseEngineSetups({ engineIds: ['file:./mine.mjs'], engineConfig: ['greeting=hello'] }),
    ).toEqual([{ id: 'file:./mine.mjs', config: { greeting: 'hello' } }]);
    expect(
      problems(() => parseEngineSetups({ engineIds: ['pocketsphinx', 'pocketsphinx'] })),
    ).toEqual([
      '--engine pocketsphinx: engine "pocketsphinx" is named twice; give each engine once (its results would be mixed)',
      '1 problem with the engines',
    ]);
  });

  it('uses pocketsphinx when neither flags nor a suite name an engine', () => {
    expect(parseEngineSetups({})).toEqual([{ id: 'pocketsphinx', config: {} }]);
  });

  it('checks the id part an engine needs or refuses before anything is created', () => {
    expect(
      problems(() =>
        parseEngineSetups({
          engineIds: ['file', 'pocketsphinx:en', 'command:whisper -f x.wav', 'openai:not a url'],
        }),
      ),
    ).toEqual([
      '--engine file: name the <module> in the id: file:<module>',
      '--engine pocketsphinx:en: pocketsphinx takes no ":" part (got "pocketsphinx:en")',
      '--engine command:whisper -f x.wav: no argument holds {audio}, the WAV path placeholder (e.g. command:whisper-cli -m model.bin -nt -f {audio})',
      '--engine openai:not a url: "not a url" is not a URL (expected e.g. openai:http://127.0.0.1:8080)',
      '4 problems with the engines',
    ]);
  });
});

describe('engine config from a library caller', () => {
  it('takes suite-shaped entries and names the engine in each problem', () => {
    expect(
      problems(() =>
        parseEngineSetups({
          engines: [
            'pocketsphinx',
            { id: 'deepgram', config: { smartFormatt: true }, retries: -1 },
          ],
          engineConfig: ['deepgram.language=de'],
        }),
      ),
    ).toEqual([
      'engine deepgram: unknown config key "smartFormatt" of deepgram (did you mean "smartFormat"?); known: model, language, smartFormat, baseUrl, apiKeyEnv',
      'engine deepgram: retries must be within [0, 20], got -1',
      '2 problems with the engines',
    ]);
    expect(parseEngineSetups({ engines: [{ id: 'deepgram', config: {} }] })).toEqual([
      { id: 'deepgram', config: {} },
    ]);
  });
});

describe('engine config given straight to createEngine (a library caller)', () => {
  it('names the engine in each problem', async () => {
    await expect(
      createEngine('aws-transcribe', { chunkMs: 5, realtimeFactor: 'fast' }),
    ).rejects.toThrow(
      'engine aws-transcribe: chunkMs must be within [20, 1000], got 5\nengine aws-transcribe: realtimeFactor expected a quantity in ratio (a number, or with "x", "%"), got "fast"',
    );
  });

  it('refuses a secret written into the config without echoing it', async () => {
    const error = await createEngine('deepgram', { apiKey: 'dg-secret-123456' }).catch(
      (e: Error) => e.message,
    );
    expect(error).toContain('"apiKey" looks like a secret; put it in an environment variable');
    expect(error).not.toContain('dg-secret-123456');
  });
});
