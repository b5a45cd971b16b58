import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { EXIT } from '../../src/cli/exit-codes.js';
import { lastmile } from '../helpers/cli.js';
import { BUNDLED, tempDir } from '../helpers/corpus.js';
import { LIGHT_SCENARIO, TEST_ENGINE, testRun } from './make-run.js';

const XSD = readFileSync('test/report/junit.xsd', 'utf8');

async function validJunit(path: string): Promise<void> {
  const result = await validateXML({
    xml: [{ fileName: 'junit.xml', contents: readFileSync(path, 'utf8') }],
    schema: [{ fileName: 'junit.xsd', contents: XSD }],
  });
  expect(result.errors.map((e) => e.message)).toEqual([]);
  expect(result.valid).toBe(true);
}

/** Counts of the JUnit outcomes, read from the XML itself (not from lastmile's model). */
function outcomes(xml: string) {
  return {
    testcases: (xml.match(/<testcase /g) ?? []).length,
    failures: (xml.match(/<failure /g) ?? []).length,
    errors: (xml.match(/<error /g) ?? []).length,
    skipped: (xml.match(/<skipped /g) ?? []).length,
  };
}

describe('gates, exit codes and junit.xml (compiled CLI, file: TEST ENGINE over the bundled corpus)', () => {
  let dir: string;
  let planted: ReturnType<typeof testRun>;
  beforeAll(async () => {
    dir = await tempDir('gates');
    planted = testRun(join(dir, 'planted'), {
      extra: 0.3,
      outputs: ['summary.json', 'junit.xml', 'report.md', 'alignments'],
    });
  });

  it('exits 3 when a gate at level error fails; junit.xml validates and lists each breach as <failure>', async () => {
    expect(planted.status, planted.stderr).toBe(EXIT.gateFailed);
    expect(planted.stderr).toMatch(/error: .* · hum · synthetic\/th-stopping: disproportionate/);
    const junit = join(dir, 'planted', 'junit.xml');
    await validJunit(junit);
    const xml = readFileSync(junit, 'utf8');
    // 4 groups × 3 perturbed conditions, plus the whole-run error-rate case.
    expect(outcomes(xml)).toEqual({ testcases: 13, failures: 3, errors: 0, skipped: 0 });
    for (const m of xml.matchAll(
      /<testcase [^>]*name="([^"]+)"[^>]*>\s*<failure [^>]*type="([^"]+)"/g,
    )) {
      expect(m[1]).toBe('synthetic/th-stopping');
      expect(m[2]).toBe('disproportionate');
    }
    const md = readFileSync(join(dir, 'planted', 'report.md'), 'utf8');
    expect(md).toContain('synthetic/th-stopping loses disproportionately');
    expect(md).toContain('> [!WARNING]');
  });

  it('writes sclite-style alignments and JSONL whose counts add up to the summary', () => {
    const pra = readFileSync(join(dir, 'planted', 'alignments.pra'), 'utf8');
    expect(pra).toMatch(/Scores: \(#C #S #D #I\) \d+ \d+ \d+ \d+\nREF: .*\nHYP: .*\nEval: /);
    const rows = readFileSync(join(dir, 'planted', 'alignments.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const summary = JSON.parse(readFileSync(join(dir, 'planted', 'summary.json'), 'utf8'));
    const hum = summary.cells.find((c: { condition: string }) => c.condition === 'hum');
    const group = hum.groups.find((g: { group: string }) => g.group === 'synthetic/th-stopping');
    const mine = rows.filter((r) => r.condition === 'hum' && r.group === 'synthetic/th-stopping');
    const deletions = mine.reduce(
      (n, r) => n + r.pairs.filter((p: { op: string }) => p.op === 'D').length,
      0,
    );
    expect(deletions).toBe(group.condition.deletions);
  });

  it('exits 0 when the suite sets the disproportionate gate to warn, printing the warnings; run.json keeps the gates', () => {
    const suite = join(dir, 'warn-suite.yaml');
    writeFileSync(
      suite,
      [
        'name: warn-only',
        `corpus: ${BUNDLED}`,
        `scenarios: [${LIGHT_SCENARIO}]`,
        'engines:',
        `  - id: file:${TEST_ENGINE}`,
        `    config: { manifest: ${BUNDLED}, group: synthetic/th-stopping, extra: 0.3 }`,
        'cache: false',
        `out: ${join(dir, 'warn')}`,
        'outputs: [junit.xml]',
        'gates:',
        '  disproportionate: warn',
        '  wer: { level: warn, max: 40, group: "synthetic/*" }',
        '',
      ].join('\n'),
    );
    const r = lastmile(['run', '--suite', suite, '--progress', 'none']);
    expect(r.status, r.stderr).toBe(EXIT.ok);
    expect(r.stderr).toMatch(/warn: .* · hum · synthetic\/th-stopping: disproportionate/);
    expect(r.stderr).toMatch(/warn: .* · hum · synthetic\/th-stopping: WER 46\.\d % > limit 40 %/);
    const run = JSON.parse(readFileSync(join(dir, 'warn', 'run.json'), 'utf8'));
    expect(run.gates.disproportionate).toBe('warn');
    const xml = readFileSync(join(dir, 'warn', 'junit.xml'), 'utf8');
    expect(outcomes(xml).failures).toBe(0);
  });

  it('exits 0 with no planted effect: every gate passes', async () => {
    const r = testRun(join(dir, 'null'), { extra: 0, outputs: ['junit.xml'] });
    expect(r.status, r.stderr).toBe(EXIT.ok);
    await validJunit(join(dir, 'null', 'junit.xml'));
    expect(outcomes(readFileSync(join(dir, 'null', 'junit.xml'), 'utf8')).failures).toBe(0);
  });

  it('exits 4 when engine faults exceed the error rate; the faulty cells are <error> in junit.xml', async () => {
    const r = testRun(join(dir, 'faults'), { failEvery: 10, outputs: ['junit.xml'] });
    expect(r.status, r.stderr).toBe(EXIT.runErrors);
    expect(r.stderr).toMatch(/96 of 960 units failed/);
    await validJunit(join(dir, 'faults', 'junit.xml'));
    const o = outcomes(readFileSync(join(dir, 'faults', 'junit.xml'), 'utf8'));
    expect(o.errors).toBeGreaterThan(1);
  });

  it('exits 6 when no cell can reach a verdict (8 clips: too few speakers)', () => {
    const r = testRun(join(dir, 'tiny'), { extraArgs: ['--limit', '8'], outputs: ['junit.xml'] });
    expect(r.status, r.stderr).toBe(EXIT.nothingTested);
    expect(r.stderr).toContain('nothing could be decided');
    const xml = readFileSync(join(dir, 'tiny', 'junit.xml'), 'utf8');
    expect(outcomes(xml).skipped).toBe(12);
    expect(xml).toContain('insufficient data: too little data');
  });

  it('report: exits 5 naming the problem for a folder that is not a run or a bad row', () => {
    const missing = lastmile(['report', join(dir, 'no-such-run')]);
    expect(missing.status).toBe(EXIT.badInput);
    expect(missing.stderr).toContain('no such results folder');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const broken = join(dir, 'broken');
    cpSync(join(dir, 'planted'), broken, { recursive: true });
    writeFileSync(join(broken, 'utterances.jsonl'), '{"unit": "x"}\n{not json\n');
    const bad = lastmile(['report', broken]);
    expect(bad.status).toBe(EXIT.badInput);
    expect(bad.stderr).toMatch(/utterances\.jsonl:1:1 .*not a row of a lastmile run/);
  });

  it('report on a folder written before reports existed: recomputes an old summary and uses default gates', () => {
    const old = join(dir, 'old');
    cpSync(join(dir, 'planted'), old, { recursive: true });
    for (const f of ['junit.xml', 'report.md', 'alignments.pra', 'alignments.jsonl'])
      rmSync(join(old, f));
    const runJson = JSON.parse(readFileSync(join(old, 'run.json'), 'utf8'));
    delete runJson.gates;
    delete runJson.maxErrorRate;
    writeFileSync(join(old, 'run.json'), JSON.stringify(runJson));
    const summary = JSON.parse(readFileSync(join(old, 'summary.json'), 'utf8'));
    writeFileSync(join(old, 'summary.json'), JSON.stringify({ ...summary, schemaVersion: 0 }));
    const r = lastmile(['report', old, '--output', 'junit.xml', '--output', 'report.md']);
    expect(r.stderr).toContain('schema version 0');
    expect(r.stderr).toContain('recomputed from utterances.jsonl');
    expect(r.status).toBe(EXIT.gateFailed);
    expect(readFileSync(join(old, 'report.md'), 'utf8')).toContain('recomputed');
  });
});
