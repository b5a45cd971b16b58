import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { create, extract } from 'tar';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastmile } from '../helpers/cli.js';
import { BUNDLED, tempDir } from '../helpers/corpus.js';
import { TEST_ENGINE, testRun } from '../report/make-run.js';

/** The engine of the run (testRun's, planted extra 0.3), with another salt when given. */
function engineArgs(engine: string, salt: string): string[] {
  const config = [
    `manifest=${BUNDLED}`,
    'group=synthetic/th-stopping',
    'extra=0.3',
    `salt=${salt}`,
  ];
  return ['--engine', `file:${engine}`, ...config.flatMap((c) => ['--engine-config', c])];
}

let work: string;
let run: string;
let bundle: string;

function textFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && !f.endsWith('.wav'));
}

describe('lastmile bundle and reproduce', () => {
  beforeAll(async () => {
    work = await tempDir('bundle');
    run = join(work, 'run');
    const r = testRun(run, {
      extra: 0.3,
      extraArgs: ['--limit', '48'],
      outputs: ['summary.json', 'report.md'],
    });
    expect(r.stderr).not.toMatch(/internal error/);
    bundle = join(work, 'run.bundle.tgz');
    const b = lastmile(['bundle', run, '--out', bundle]);
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
  });

  it('holds no local path and no key (checked on the extracted archive, independently)', async () => {
    const out = join(work, 'look');
    spawnSync('mkdir', ['-p', out]);
    await extract({ file: bundle, cwd: out });
    const files = textFiles(out);
    expect(files.some((f) => f.endsWith('bundle.json'))).toBe(true);
    expect(files.some((f) => f.endsWith('.wav'))).toBe(false);
    expect(readdirSync(join(out, 'lastmile-bundle', 'audio')).length).toBeGreaterThan(0);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const local of [process.cwd(), tmpdir(), work, resolve('fixtures')])
        expect(text.includes(local), `${f} holds ${local}`).toBe(false);
    }
  });

  it('reproduces bit for bit in a fresh git clone, with that clone’s corpus', () => {
    const clone = join(work, 'clone');
    const git = spawnSync('git', ['clone', '--quiet', process.cwd(), clone], { encoding: 'utf8' });
    expect(git.status, git.stderr).toBe(0);
    symlinkSync(resolve('node_modules'), join(clone, 'node_modules'));
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'reproduce',
        bundle,
        '--corpus',
        'fixtures/corpus/manifest.jsonl',
        // Engine access: the same test engine, so the units are transcribed again too.
        ...engineArgs(join(clone, 'test/report/fixtures/degrade-group-engine.mjs'), ''),
      ],
      { cwd: clone, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } },
    );
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stdout).toMatch(/matched +corpus clips \(sha256 of each file\): 240\/240/);
    expect(r.stdout).toMatch(
      /matched +perturbed audio rebuilt bit for bit \(every unit\): 192\/192/,
    );
    expect(r.stdout).toMatch(
      /matched +statistics recomputed from the transcripts \(summary\.json\): 1\/1/,
    );
    expect(r.stdout).toMatch(
      /matched +transcripts re-made by the engine \(identical text\): 192\/192/,
    );
    expect(r.stdout).toMatch(/matched +paired tests, recorded against re-made \(compare\)/);
    expect(r.stdout).toMatch(/Everything checked matched/);
    expect(r.status).toBe(0);
  });

  it('names the units another engine hears differently', () => {
    const r = lastmile([
      'reproduce',
      bundle,
      '--corpus',
      BUNDLED,
      ...engineArgs(TEST_ENGINE, 'another'),
    ]);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(
      /MISMATCH +transcripts re-made by the engine \(identical text\): \d+\/192/,
    );
    expect(r.stdout).toMatch(/hum\|file:.*\|\S+: the engine now hears "/);
  });

  it('names a tampered clip of the checker’s corpus', async () => {
    const corpus = join(work, 'their-corpus');
    cpSync(resolve('fixtures/corpus'), corpus, { recursive: true });
    // One clip replaced by another speaker's recording: a different file, same name.
    const victim = 'th-stopping-s01-01';
    cpSync(join(corpus, 'clips', 'standard-s01-01.flac'), join(corpus, 'clips', `${victim}.flac`));
    const r = lastmile(['reproduce', bundle, '--corpus', join(corpus, 'manifest.jsonl')]);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/MISMATCH +corpus clips.*: 239\/240/);
    expect(r.stdout).toContain(`clip ${victim}:`);
    expect(r.stdout).toMatch(new RegExp(`${victim}: rebuilt audio differs`));
  });

  it('names a tampered transcript in the bundle', async () => {
    const out = join(work, 'tamper');
    spawnSync('mkdir', ['-p', out]);
    await extract({ file: bundle, cwd: out });
    const path = join(out, 'lastmile-bundle', 'utterances.jsonl');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const i = lines.findIndex((l) => JSON.parse(l).condition === 'hum');
    const row = JSON.parse(lines[i]);
    lines[i] = JSON.stringify({ ...row, hypothesis: `${row.hypothesis} and more words` });
    writeFileSync(path, `${lines.join('\n')}\n`);
    const forged = join(work, 'forged.tgz');
    await create({ gzip: true, file: forged, cwd: out }, ['lastmile-bundle']);
    const r = lastmile(['reproduce', forged, '--corpus', BUNDLED]);
    expect(r.status).toBe(3);
    expect(r.stdout).toContain(`${row.unit}: transcript row differs from the one recorded`);
    expect(r.stdout).toMatch(/utterances\.jsonl: changed since the bundle was made/);
    expect(existsSync(forged)).toBe(true);
  });

  it('refuses to bundle a key, naming the file and the variable but not the value', () => {
    const copy = join(work, 'leaky');
    cpSync(run, copy, { recursive: true });
    const secret = 'zq81-not-a-real-key-7730';
    writeFileSync(
      join(copy, 'report.md'),
      `${readFileSync(join(copy, 'report.md'), 'utf8')}\nkey: ${secret}\n`,
    );
    const r = lastmile(['bundle', copy, '--out', join(work, 'leaky.tgz')], {
      LASTMILE_TEST_TOKEN: secret,
    });
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/report\.md:\d+: the value of \$LASTMILE_TEST_TOKEN/);
    expect(r.stderr).not.toContain(secret);
    expect(existsSync(join(work, 'leaky.tgz'))).toBe(false);
  });
});
