import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import type { UtteranceRow } from '../../src/results/types.js';
import { loadScenario } from '../../src/scenario/load.js';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';

/**
 * The worked example of docs/reproduce-a-customer-environment.md, run command by command as the
 * chapter prints them (split on spaces, no shell) in a fresh folder holding the bundled fixtures:
 * sox makes the "customer's recording", `lastmile profile` turns it into a scenario, `validate`
 * accepts it and `run` puts real speech through it with pocketsphinx — profile, then run, end to end.
 */
const DOC = resolve('docs/reproduce-a-customer-environment.md');

function exampleCommands(): string[][] {
  const text = readFileSync(DOC, 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(text);
  if (!block) throw new Error(`${DOC}: no \`\`\`sh block`);
  return block[1]
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(/\s+/));
}

describe('docs/reproduce-a-customer-environment.md: the worked example runs as printed', () => {
  let dir: string;
  const results: { argv: string[]; status: number | null; stdout: string; stderr: string }[] = [];

  beforeAll(async () => {
    dir = await tempDir('profile-docs');
    symlinkSync(resolve('fixtures'), join(dir, 'fixtures'));
    for (const argv of exampleCommands()) {
      const [tool, ...args] = argv;
      const r =
        tool === 'lastmile'
          ? spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' })
          : spawnSync(tool, args, { cwd: dir, encoding: 'utf8' });
      results.push({ argv, status: r.status, stdout: r.stdout, stderr: r.stderr });
      if (r.status !== 0 && !(argv[1] === 'run' && r.status === EXIT.nothingTested)) break;
    }
  }, 300_000);

  it('every command succeeds (run: two clips are too few for a verdict, exit 6 as the chapter says)', () => {
    expect(results.map((r) => r.argv[0])).toEqual([
      'sox',
      'sox',
      'sox',
      'sox',
      'lastmile',
      'lastmile',
      'lastmile',
    ]);
    for (const r of results) {
      const expected = r.argv[1] === 'run' ? EXIT.nothingTested : 0;
      expect(r.status, `${r.argv.join(' ')}\n${r.stderr}`).toBe(expected);
    }
  });

  it('profile finds what sox put in: 50 Hz mains with odd harmonics, the beep every 2 s', async () => {
    const out = results[4].stdout;
    expect(out).toMatch(/mains hum at 50\.0\d Hz \(50 Hz grid\): odd harmonics 3, 5/);
    expect(out).toMatch(/bursts {7}every 2\.0\d\d s/);
    expect(out).toMatch(/tone 8(79|80)\.\d Hz/);
    const fidelity = /mean \|difference\| ([\d.]+) dB/.exec(out);
    expect(Number(fidelity![1])).toBeLessThan(1);
    const scenario = await loadScenario(join(dir, 'scenarios', 'ward.yaml'));
    expect(scenario.conditions.map((c) => c.name)).toEqual([
      'ward-model@speech=-16.3',
      'ward-model@speech=-26.3',
      'ward-recording@speech=-16.3',
      'ward-recording@speech=-26.3',
    ]);
  });

  it('run transcribes every clip in every condition with pocketsphinx, without errors', () => {
    const rows = readFileSync(join(dir, 'results', 'ward', 'utterances.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as UtteranceRow);
    expect(rows).toHaveLength(2 * 5);
    expect(new Set(rows.map((r) => r.condition))).toEqual(
      new Set([
        'clean',
        'ward-model@speech=-16.3',
        'ward-model@speech=-26.3',
        'ward-recording@speech=-16.3',
        'ward-recording@speech=-26.3',
      ]),
    );
    for (const r of rows) {
      expect(r.error).toBeUndefined();
      expect(r.hypothesis).toEqual(expect.any(String));
    }
  });
});
