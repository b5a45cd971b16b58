import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { CLI, lastmile } from '../helpers/cli.js';
import { BUNDLED, tempDir } from '../helpers/corpus.js';

/**
 * The GitHub Actions workflow `lastmile init` writes, run step by step as GitHub would run
 * it (bash -e), for two nights in the scaffolded folder: every `run:` step after the install
 * step, with `lastmile` on PATH, a fresh results/tonight each night (a fresh checkout) and the
 * cached folders kept. The user's corpus is stood in for by 160 bundled clips (4 a speaker)
 * and pocketsphinx by a TEST ENGINE that answers from the reference with a few words dropped,
 * so the two nights are fast and differ by nothing but chance.
 */
const WORKFLOW = '.github/workflows/lastmile.yml';

describe(`the scaffolded ${WORKFLOW}`, () => {
  it('runs night after night: report on the job page, compare with last night, baseline kept', async () => {
    const dir = await tempDir('workflow');
    expect(lastmile(['init', dir]).status).toBe(0);
    // Four clips a speaker of the bundled corpus (enough words for verdicts), with absolute
    // audio paths: "your corpus".
    const seen = new Map<string, number>();
    const lines = readFileSync(BUNDLED, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { speaker: string; audio_filepath: string })
      .filter((row) => {
        seen.set(row.speaker, (seen.get(row.speaker) ?? 0) + 1);
        return seen.get(row.speaker)! <= 4;
      })
      .map((row) =>
        JSON.stringify({ ...row, audio_filepath: resolve(dirname(BUNDLED), row.audio_filepath) }),
      );
    writeFileSync(join(dir, 'corpus', 'manifest.jsonl'), `${lines.join('\n')}\n`);
    const suite = parseDocument(readFileSync(join(dir, 'suite.yaml'), 'utf8'));
    suite.set('corpus', 'corpus/manifest.jsonl');
    suite.set('engines', [
      {
        id: `file:${resolve('test/report/fixtures/degrade-group-engine.mjs')}`,
        config: { manifest: join(dir, 'corpus', 'manifest.jsonl') },
      },
    ]);
    writeFileSync(join(dir, 'suite.yaml'), suite.toString());

    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'lastmile'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, {
      mode: 0o755,
    });
    const workflow = parse(readFileSync(join(dir, WORKFLOW), 'utf8')) as {
      env: Record<string, string>;
      jobs: { stress: { steps: { name?: string; run?: string }[] } };
    };
    const steps = workflow.jobs.stress.steps.filter(
      (s) => s.run && !/apt-get|npm install/.test(s.run),
    );
    expect(steps.map((s) => s.name)).toEqual([
      'Run the suite',
      'Summary and comparison with last night',
      "Keep tonight's results as the next baseline",
      'Fail when a gate failed or a cell regressed',
    ]);
    const summary = join(dir, 'step-summary.md');
    const night = () => {
      rmSync(join(dir, 'results', 'tonight'), { recursive: true, force: true });
      writeFileSync(summary, '');
      return steps.slice(0, 3).map((s) => {
        const r = spawnSync('bash', ['-e', '-c', s.run!], {
          cwd: dir,
          encoding: 'utf8',
          env: {
            ...process.env,
            ...workflow.env,
            PATH: `${bin}:${process.env.PATH}`,
            GITHUB_STEP_SUMMARY: summary,
            FORCE_COLOR: '0',
          },
        });
        return { name: s.name, status: r.status, output: `${r.stdout}\n${r.stderr}` };
      });
    };

    const first = night();
    for (const s of first) expect([0, 3], `${s.name}\n${s.output}`).toContain(s.status);
    expect(readFileSync(summary, 'utf8')).toMatch(/^## lastmile: tonight/m); // the Markdown report
    expect(existsSync(join(dir, 'results', 'last-night', 'summary.json'))).toBe(true);
    expect(existsSync(join(dir, '.cache', 'lastmile'))).toBe(true);

    const second = night();
    for (const s of second) expect(s.status, `${s.name}\n${s.output}`).toBe(0);
    expect(existsSync(join(dir, 'results', 'tonight', 'compare.md'))).toBe(true);
    expect(readFileSync(summary, 'utf8')).toContain(
      readFileSync(join(dir, 'results', 'tonight', 'compare.md'), 'utf8'),
    );
  }, 300_000);
});
