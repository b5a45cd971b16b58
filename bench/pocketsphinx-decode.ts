/**
 * Shared by the pocketsphinx benches: render a scenario's conditions over the bundled clips with
 * `lastmile perturb`, then decode the files with raw `pocketsphinx_batch` (two processes, as the
 * engine runs on two cores), timing the decoders' CPU with GNU time and scoring with lastmile's
 * en-basic normaliser and aligner, as a run scores.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decoderArgs, parseHypLine } from '../src/engines/pocketsphinx.js';
import { getNormalizer } from '../src/scoring/normalize.js';
import { scoreText } from '../src/scoring/wer.js';

/** The quick start's cap (suites/quickstart.yaml). */
export const QUICKSTART_FLAGS = ['-maxhmmpf', '3000', '-maxwpf', '20'];

export interface Row {
  audio_filepath: string;
  text: string;
  condition: string;
  clip_id: string;
  accent: string;
}

/** Every condition of `scenario` (clean included) over the bundled clips, into `audio`. */
export function render(scenario: string, audio: string): Row[] {
  const perturb = spawnSync(
    process.execPath,
    [resolve('dist/src/cli/main.js'), 'perturb', scenario, '--out', audio, '-q'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (perturb.status !== 0) throw new Error('lastmile perturb failed (npm run build first?)');
  return readFileSync(join(audio, 'manifest.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);
}

export function fmt(wer: Map<string, number>, pick: (key: string) => boolean): string {
  return [...wer]
    .filter(([k]) => pick(k))
    .map(([k, v]) => `${k} ${(100 * v).toFixed(1)}`)
    .join(', ');
}

/**
 * Two decoders over alternate files. CPU: the decoders' total from GNU time, and per condition
 * the decoder's own per-utterance CPU seconds from its log — with the conditions interleaved in
 * one list, a machine whose load changes during the run slows every condition alike. WER per
 * condition and per condition/group.
 */
export async function decodeAll(dir: string, rows: Row[], flags: string[], cepdir: string) {
  mkdirSync(dir, { recursive: true });
  const halves = [rows.filter((_, i) => i % 2 === 0), rows.filter((_, i) => i % 2 === 1)];
  const cpu = await Promise.all(
    halves.map((half, i) => {
      const ctl = join(dir, `ctl${i}`);
      writeFileSync(ctl, half.map((r) => `${r.audio_filepath.replace(/\.wav$/, '')}\n`).join(''));
      const timeFile = join(dir, `time${i}`);
      const log = openSync(join(dir, `log${i}`), 'w');
      const argv = [
        '-f',
        '%U %S',
        '-o',
        timeFile,
        'pocketsphinx_batch',
        ...decoderArgs(),
        '-cepdir',
        cepdir,
        '-ctl',
        ctl,
        '-hyp',
        join(dir, `hyp${i}`),
        ...flags,
      ];
      return new Promise<number>((done, fail) => {
        const child = spawn('/usr/bin/time', argv, { stdio: ['ignore', 'ignore', log] });
        child.on('error', fail);
        child.on('exit', (code) => {
          closeSync(log);
          if (code !== 0) return fail(new Error(`pocketsphinx_batch exited ${code}`));
          const [user, sys] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
          done(user + sys);
        });
      });
    }),
  );
  const uttCpu = new Map<string, number>();
  for (const i of [0, 1])
    for (const line of readFileSync(join(dir, `log${i}`), 'utf8').split('\n')) {
      const m = /batch\.c\(\d+\): (\S+): [\d.]+ seconds speech, ([\d.]+) seconds CPU/.exec(line);
      if (m) uttCpu.set(m[1], Number(m[2]));
    }
  const cpuBy = new Map<string, number>();
  for (const r of rows) {
    const c = uttCpu.get(r.audio_filepath.replace(/\.wav$/, '')) ?? 0;
    cpuBy.set(r.condition, (cpuBy.get(r.condition) ?? 0) + c);
  }
  const hyp = new Map<string, string>();
  for (const i of [0, 1])
    for (const line of readFileSync(join(dir, `hyp${i}`), 'utf8').split('\n')) {
      const h = parseHypLine(line);
      if (h) hyp.set(h.uttid, h.text);
    }
  const normalizer = getNormalizer('en-basic');
  const errors = new Map<string, number>();
  const words = new Map<string, number>();
  for (const r of rows) {
    const s = scoreText(normalizer, r.text, hyp.get(r.audio_filepath.replace(/\.wav$/, '')) ?? '');
    for (const key of [r.condition, `${r.condition}/${r.accent.split('/').pop()}`]) {
      errors.set(key, (errors.get(key) ?? 0) + s.errors);
      words.set(key, (words.get(key) ?? 0) + s.refWords);
    }
  }
  const wer = new Map([...words].map(([k, n]) => [k, (errors.get(k) ?? 0) / n]));
  return { cpu: cpu[0] + cpu[1], cpuBy, wer };
}
