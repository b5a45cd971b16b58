import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { engineMarkdown } from '../../src/engines/describe.js';
import { checkEngineConfig, enginePrefixes, engines } from '../../src/engines/registry.js';
import { lastmile } from '../helpers/cli.js';

describe('lastmile engines', () => {
  it('--json lists every engine with config keys the config check really accepts', () => {
    const run = lastmile(['engines', '--json']);
    expect(run.status).toBe(0);
    const listed = JSON.parse(run.stdout) as {
      engines: {
        prefix: string;
        id: string;
        config: { key: string; type: string; min?: number; default?: unknown }[];
      }[];
      dispatchOptions: { key: string }[];
    };
    expect(listed.engines.map((e) => e.prefix)).toEqual(enginePrefixes());
    expect(listed.dispatchOptions.map((k) => k.key)).toEqual([
      'concurrency',
      'timeoutMs',
      'retries',
      'rps',
      'maxRetryAfterMs',
      'maxTranscriptChars',
    ]);
    // Each listed key, at its listed default, passes the check; an unlisted key does not.
    const ids: Record<string, string> = {
      command: 'command:asr {audio}',
      file: 'file:./mine.mjs',
      openai: 'openai:http://127.0.0.1:9',
    };
    for (const e of listed.engines) {
      const id = ids[e.prefix] ?? e.prefix;
      for (const key of e.config) {
        const sample: Record<string, unknown> = {
          number: key.min ?? 1,
          list: ['asr', '{audio}'],
          boolean: true,
        };
        const value = key.default ?? sample[key.type] ?? 'x';
        expect(checkEngineConfig(id, { [key.key]: value }).problems, `${id} ${key.key}`).toEqual(
          [],
        );
      }
      const unknown = checkEngineConfig(id, { notAKey: 1 }).problems;
      expect(unknown.length, id).toBe(e.prefix === 'file' ? 0 : 1);
    }
    const openai = listed.engines.find((e) => e.prefix === 'openai')!;
    expect(openai.id).toBe('openai[:<base-url>]');
    expect(openai.config.find((k) => k.key === 'model')?.default).toBe('whisper-1');
  });

  it('names the nearest engine for an unknown one (a usage error) and prints nothing on stdout', () => {
    const run = lastmile(['engines', 'opnai']);
    expect(run.status).toBe(EXIT.usage);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('unknown engine "opnai" (did you mean "openai"?)');
  });
});

describe('lists of engine ids', () => {
  it('the user guide’s table is the registry’s (regenerate with scripts/update-docs.ts)', () => {
    const readme = readFileSync('docs/your-corpus-and-engine.md', 'utf8');
    const table = readme
      .split('<!-- engines-table:start -->\n')[1]
      ?.split('<!-- engines-table:end -->')[0];
    expect(table).toBe(engineMarkdown());
  });

  // Help texts outside src/engines either build their list from the registry or name every
  // registered engine, so a new engine cannot be left out of them unnoticed.
  // The committed JSON Schema is checked against suite.ts by the suite tests.
  it.each([
    ['src/cli/run-inputs.ts', /'Engine id, repeatable: ([^']*)'/, 'src/cli/run-inputs.ts'],
    ['src/run/suite.ts', /'Engine id: ([^']*)'/, 'src/run/suite.ts'],
    ['schemas/suite.schema.json', /"description": "Engine id: ([^"]*)"/, 'src/run/suite.ts'],
  ])('%s names every registered engine', (file, pattern, source) => {
    if (readFileSync(source, 'utf8').includes('engineIdForms')) return;
    const text = readFileSync(file, 'utf8');
    const list = pattern.exec(text)?.[1];
    expect(list, `no engine list found in ${file}`).toBeDefined();
    for (const e of engines) expect(list).toMatch(new RegExp(`(^|[ ,|])${e.prefix}([[:]|,|$| )`));
  });
});
