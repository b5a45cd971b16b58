/**
 * What pocketsphinx's search-pruning flags cost in accuracy and save in time, on the main
 * job's own audio: the bundled clips through scenarios/first-look.yaml (clean, equipment hum,
 * ventilation), rendered once with `lastmile perturb`, then decoded by `pocketsphinx_batch`
 * (two processes, as the engine runs on two cores) once per flag set. Prints, per flag set,
 * the CPU seconds of the decoders, their ratio to the defaults' and WER per condition and per
 * accent group (lastmile's en-basic normaliser and aligner, as a run scores).
 *
 * The flag sets run side by side (all at once), so a busy machine slows each alike and the
 * CPU ratios stay comparable; absolute seconds are only meaningful on an idle machine.
 *
 * Run: npm run build && npx tsx bench/pocketsphinx-pruning.ts [--step N]
 *   --step N  every Nth clip (default 1: all 240 clips, 720 decodes a flag set)
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getNormalizer } from '../src/scoring/normalize.js';
import { scoreText } from '../src/scoring/wer.js';

const MODEL = '/usr/share/pocketsphinx/model/en-us';
const FLAG_SETS: Record<string, string[]> = {
  defaults: [],
  'maxhmmpf 3000, maxwpf 20 (quick start)': ['-maxhmmpf', '3000', '-maxwpf', '20'],
  'maxhmmpf 2000, maxwpf 20': ['-maxhmmpf', '2000', '-maxwpf', '20'],
  'maxhmmpf 3000, maxwpf 20, no fwdflat': ['-maxhmmpf', '3000', '-maxwpf', '20', '-fwdflat', 'no'],
  'beam 1e-40 (narrower beams)': ['-beam', '1e-40', '-pbeam', '1e-40', '-wbeam', '1e-24'],
};

interface Row {
  audio_filepath: string;
  text: string;
  condition: string;
  clip_id: string;
  accent: string;
}

const step = Number(process.argv[process.argv.indexOf('--step') + 1] || 1) || 1;
const work = mkdtempSync(join(tmpdir(), 'lastmile-pruning-'));
try {
  const audio = join(work, 'audio');
  const perturb = spawnSync(
    process.execPath,
    [resolve('dist/src/cli/main.js'), 'perturb', 'scenarios/first-look.yaml', '--out', audio, '-q'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (perturb.status !== 0) throw new Error('lastmile perturb failed (npm run build first?)');
  const all = readFileSync(join(audio, 'manifest.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);
  const clips = [...new Set(all.map((r) => r.clip_id))].sort().filter((_, i) => i % step === 0);
  const keep = new Set(clips);
  const rows = all.filter((r) => keep.has(r.clip_id));
  const load = loadavg()[0];
  const results = await Promise.all(
    Object.entries(FLAG_SETS).map(([name, flags], k) =>
      decodeAll(join(work, `set${k}`), rows, flags, audio).then((r) => ({ name, ...r })),
    ),
  );
  const base = results[0].cpu;
  console.log(
    `${rows.length} decodes a flag set (${clips.length} clips × 3 conditions), all sets at once; load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}\n`,
  );
  for (const r of results) {
    console.log(
      `${r.name}: ${r.cpu.toFixed(0)} CPU-s (${(r.cpu / base).toFixed(2)} of the defaults')`,
    );
    console.log(`  WER ${fmt(r.wer, (k) => !k.includes('/'))}`);
    console.log(`  by group ${fmt(r.wer, (k) => k.includes('/'))}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

function fmt(wer: Map<string, number>, pick: (key: string) => boolean): string {
  return [...wer]
    .filter(([k]) => pick(k))
    .map(([k, v]) => `${k} ${(100 * v).toFixed(1)}`)
    .join(', ');
}

/** Two decoders over alternate files; CPU from GNU time, WER per condition and group. */
async function decodeAll(dir: string, rows: Row[], flags: string[], cepdir: string) {
  mkdirSync(dir, { recursive: true });
  const halves = [rows.filter((_, i) => i % 2 === 0), rows.filter((_, i) => i % 2 === 1)];
  const cpu = await Promise.all(
    halves.map((half, i) => {
      const ctl = join(dir, `ctl${i}`);
      writeFileSync(ctl, half.map((r) => `${r.audio_filepath.replace(/\.wav$/, '')}\n`).join(''));
      const timeFile = join(dir, `time${i}`);
      const argv = [
        '-f',
        '%U %S',
        '-o',
        timeFile,
        'pocketsphinx_batch',
        '-adcin',
        'yes',
        '-adchdr',
        '44',
        '-cepext',
        '.wav',
        '-cepdir',
        cepdir,
        '-ctl',
        ctl,
        '-hyp',
        join(dir, `hyp${i}`),
        '-hmm',
        join(MODEL, 'en-us'),
        '-lm',
        join(MODEL, 'en-us.lm.bin'),
        '-dict',
        join(MODEL, 'cmudict-en-us.dict'),
        ...flags,
      ];
      return new Promise<number>((done, fail) => {
        const child = spawn('/usr/bin/time', argv, { stdio: 'ignore' });
        child.on('error', fail);
        child.on('exit', (code) => {
          if (code !== 0) return fail(new Error(`pocketsphinx_batch exited ${code}`));
          const [user, sys] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
          done(user + sys);
        });
      });
    }),
  );
  const hyp = new Map<string, string>();
  for (const i of [0, 1])
    for (const line of readFileSync(join(dir, `hyp${i}`), 'utf8').split('\n')) {
      const m = /^(.*) \((\S+) -?\d+\)$/.exec(line);
      if (m) hyp.set(m[2], m[1]);
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
  return { cpu: cpu[0] + cpu[1], wer };
}
