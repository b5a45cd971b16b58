import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { list } from 'tar';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeWav16 } from '../../src/audio/write.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { lastmile } from '../helpers/cli.js';
import { BUNDLED, tempDir } from '../helpers/corpus.js';
import { testRun } from '../report/make-run.js';

/** A scenario whose noise is a recording beside it: the bundle must carry the recording. */
describe('lastmile bundle with a noise bed', () => {
  let work: string;
  let bundle: string;

  beforeAll(async () => {
    work = await tempDir('bundle-beds');
    // A 2 s bed of seeded, non-repeating noise: any other bed changes every perturbed clip.
    const samples = new Float32Array(32_000);
    let x = 12345;
    for (let i = 0; i < samples.length; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      samples[i] = (x / 2 ** 31 - 0.5) * 0.2;
    }
    writeFileSync(join(work, 'hvac.wav'), encodeWav16({ samples, sampleRate: 16_000 }));
    const scenario = join(work, 'bed.yaml');
    writeFileSync(
      scenario,
      'name: bed\nseed: 7\nconditions:\n  - name: hvac\n    chain:\n      - noise: { file: hvac.wav, snr: 15dB }\n',
    );
    const run = join(work, 'run');
    const r = testRun(run, { scenario, extraArgs: ['--limit', '8'], outputs: ['summary.json'] });
    // Two clips a group test nothing (exit nothingTested), but the run folder is whole.
    expect([0, EXIT.nothingTested], r.stderr).toContain(r.status);
    bundle = join(work, 'run.bundle.tgz');
    const b = lastmile(['bundle', run, '--out', bundle]);
    expect(b.status, b.stderr).toBe(0);
  });

  it('carries the bed beside the bundled scenario, and reproduces from it bit for bit', async () => {
    const paths: string[] = [];
    await list({ file: bundle, onReadEntry: (e) => paths.push(e.path) });
    expect(paths).toContain('lastmile-bundle/scenarios/hvac.wav');
    const r = lastmile(['reproduce', bundle, '--corpus', BUNDLED]);
    expect(r.stdout).toMatch(/matched +perturbed audio rebuilt bit for bit \(every unit\): 16\/16/);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('refuses a bed outside the scenario’s folder, naming it', async () => {
    const inner = join(work, 'inner');
    const scenario = join(inner, 'outside.yaml');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(inner);
    writeFileSync(
      scenario,
      'name: outside\nallowFilesOutside: true\nseed: 7\nconditions:\n  - name: hvac\n    chain:\n      - noise: { file: ../hvac.wav, snr: 15dB }\n',
    );
    const run = join(work, 'run-outside');
    expect([0, EXIT.nothingTested]).toContain(
      testRun(run, { scenario, extraArgs: ['--limit', '4'] }).status,
    );
    const b = lastmile(['bundle', run, '--out', join(work, 'outside.tgz')]);
    expect(b.status).not.toBe(0);
    expect(b.stderr).toContain('"../hvac.wav" lies outside the scenario\'s folder');
    expect(b.stderr).not.toMatch(/\n\s+at /);
  });
});
