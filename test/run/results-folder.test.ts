import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSecret } from '../../src/engines/secrets.js';
import { readRunJson } from '../../src/results/run-json.js';
import {
  readAllUtterances,
  repairTornTail,
  UtterancesWriter,
} from '../../src/results/utterances.js';
import { tempDir } from '../helpers/corpus.js';

/** A row as `run` writes it, spelled out here rather than built with the module's helpers. */
function row(id: string, condition = 'clean') {
  return {
    unit: `${condition}|pocketsphinx|${id}`,
    id,
    speaker: 's1',
    labels: { accent: 'us' },
    condition,
    engine: 'pocketsphinx',
    reference: `reference of ${id}`,
    hypothesis: `hypothesis of ${id}`,
  };
}
const line = (r: object) => `${JSON.stringify(r)}\n`;

describe('utterances.jsonl: one reader, one writer', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('results-folder');
  });

  it('reads every valid row in file order', async () => {
    const file = join(dir, 'ok.jsonl');
    writeFileSync(file, line(row('a')) + line(row('b')) + '\n' + line(row('a', 'noisy')));
    const rows = await readAllUtterances(file);
    expect(rows.map((r) => r.unit)).toEqual([
      'clean|pocketsphinx|a',
      'clean|pocketsphinx|b',
      'noisy|pocketsphinx|a',
    ]);
  });

  it('names file:line:column of a damaged middle line instead of skipping it', async () => {
    const file = join(dir, 'damaged.jsonl');
    writeFileSync(
      file,
      `${line(row('a'))}{"unit": "clean|pocketsphinx|b", "id": }\n${line(row('c'))}`,
    );
    await expect(readAllUtterances(file)).rejects.toThrow(
      new RegExp(`^${file}:2:\\d+ not valid JSON`),
    );
  });

  it('names the line and the field of a row that is not a run row', async () => {
    const file = join(dir, 'foreign.jsonl');
    const { speaker: _, ...noSpeaker } = row('b');
    writeFileSync(file, line(row('a')) + line(noSpeaker));
    await expect(readAllUtterances(file)).rejects.toThrow(
      new RegExp(`^${file}:2:1 speaker: .*not a row of a lastmile run`),
    );
    const pairs = join(dir, 'pairs.jsonl');
    writeFileSync(pairs, line({ id: 'u1', ref: 'a b', hyp: 'a b' }));
    await expect(readAllUtterances(pairs)).rejects.toThrow(`${pairs}:1:1`);
    const mismatched = join(dir, 'mismatched.jsonl');
    writeFileSync(mismatched, line({ ...row('a'), unit: 'noisy|pocketsphinx|a' }));
    await expect(readAllUtterances(mismatched)).rejects.toThrow(
      /:1:1 unit: does not match condition\|engine\|id/,
    );
  });

  it('reading leaves a torn last line in place (same bytes, same mtime) and says how to repair it', async () => {
    const file = join(dir, 'torn.jsonl');
    writeFileSync(file, line(row('a')) + line(row('b')));
    appendFileSync(file, '{"unit":"clean|pocketsphinx|c","id":"c","spea');
    const before = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    await expect(readAllUtterances(file)).rejects.toThrow(
      new RegExp(`^${file}:3:1 the last line is cut off`),
    );
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);

    // The explicit repair cuts exactly the torn bytes; the rows before it survive.
    const torn = Buffer.byteLength('{"unit":"clean|pocketsphinx|c","id":"c","spea');
    expect(repairTornTail(file)).toBe(torn);
    expect(readFileSync(file).length).toBe(before.length - torn);
    expect((await readAllUtterances(file)).map((r) => r.id)).toEqual(['a', 'b']);
    expect(repairTornTail(file)).toBe(0);
  });

  it('repair completes a whole last row that only lacks its newline, and ignores a missing file', async () => {
    const file = join(dir, 'no-newline.jsonl');
    writeFileSync(file, line(row('a')) + JSON.stringify(row('b')));
    expect((await readAllUtterances(file)).map((r) => r.id)).toEqual(['a', 'b']);
    expect(repairTornTail(file)).toBe(0);
    expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
    expect(repairTornTail(join(dir, 'absent.jsonl'))).toBe(0);
  });

  it('the writer appends whole lines, redacted, and returns the row as written', async () => {
    const file = join(dir, 'written.jsonl');
    const secret = `sk-row-${Date.now()}`;
    registerSecret(secret);
    const writer = new UtterancesWriter(file);
    const written = writer.append({ ...row('a'), hypothesis: null, error: `bad key ${secret}` });
    writer.append(row('b'));
    writer.close();
    expect(written.error).toBe('bad key ***');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(secret);
    expect(text.split('\n')).toHaveLength(3);
    expect((await readAllUtterances(file))[0]).toEqual(written);
  });
});

describe('run.json: typed and checked on reading', () => {
  it('is absent, refused when foreign, and located when not JSON', async () => {
    const dir = await tempDir('run-json');
    expect(await readRunJson(join(dir, 'run.json'))).toBeUndefined();
    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, JSON.stringify({ scenario: { thresholds: { excessDegradation: 3 } } }));
    await expect(readRunJson(foreign)).rejects.toThrow(
      `${foreign}: not a run.json written by lastmile (schemaVersion:`,
    );
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "schemaVersion": 1,\n  "tool": }\n');
    await expect(readRunJson(broken)).rejects.toThrow(
      new RegExp(`^${broken}:\\d+:\\d+ not valid JSON`),
    );
  });
});
