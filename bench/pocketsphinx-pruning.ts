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
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeAll, fmt, QUICKSTART_FLAGS, render } from './pocketsphinx-decode.js';

const FLAG_SETS: Record<string, string[]> = {
  defaults: [],
  'maxhmmpf 3000, maxwpf 20 (quick start)': QUICKSTART_FLAGS,
  'maxhmmpf 2000, maxwpf 20': ['-maxhmmpf', '2000', '-maxwpf', '20'],
  'maxhmmpf 3000, maxwpf 20, no fwdflat': ['-maxhmmpf', '3000', '-maxwpf', '20', '-fwdflat', 'no'],
  'beam 1e-40 (narrower beams)': ['-beam', '1e-40', '-pbeam', '1e-40', '-wbeam', '1e-24'],
};

const step = Number(process.argv[process.argv.indexOf('--step') + 1] || 1) || 1;
const work = mkdtempSync(join(tmpdir(), 'lastmile-pruning-'));
try {
  const audio = join(work, 'audio');
  const all = render('scenarios/first-look.yaml', audio);
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
