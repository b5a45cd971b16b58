/**
 * Which conditions a main job can afford: each candidate condition of
 * bench/condition-candidates.yaml (and clean) over the bundled clips, decoded by pocketsphinx
 * with the quick start's cap, one condition at a time. Prints per condition the decoders' CPU
 * seconds a clip, that cost relative to clean, and WER pooled and per accent group.
 * Pocketsphinx's cost depends on the audio: noise keeps more of its search alive than tones do.
 *
 * Run: npm run build && npx tsx bench/condition-cost.ts [--step N] [condition …]
 *   --step N  every Nth clip (default 1: all 240)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeAll, fmt, QUICKSTART_FLAGS, render } from './pocketsphinx-decode.js';

const args = process.argv.slice(2);
const stepAt = args.indexOf('--step');
const step = stepAt >= 0 ? Number(args.splice(stepAt, 2)[1]) || 1 : 1;
const only = new Set(args);
const work = mkdtempSync(join(tmpdir(), 'lastmile-condition-cost-'));
try {
  const audio = join(work, 'audio');
  const all = render('bench/condition-candidates.yaml', audio);
  const clips = new Set(
    [...new Set(all.map((r) => r.clip_id))].sort().filter((_, i) => i % step === 0),
  );
  const conditions = [...new Set(all.map((r) => r.condition))].filter(
    (c) => c === 'clean' || only.size === 0 || only.has(c),
  );
  console.log(
    `${clips.size} clips a condition, decoded one condition at a time (two decoders); load average ${loadavg()[0].toFixed(1)} at the start\n`,
  );
  console.log('| condition | CPU-s a clip | vs clean | WER | by group |');
  console.log('|---|---|---|---|---|');
  let clean = 0;
  for (const condition of conditions) {
    const rows = all.filter((r) => r.condition === condition && clips.has(r.clip_id));
    const r = await decodeAll(join(work, condition), rows, QUICKSTART_FLAGS, audio);
    const perClip = r.cpu / rows.length;
    if (condition === 'clean') clean = perClip;
    console.log(
      `| ${condition} | ${perClip.toFixed(3)} | ${(perClip / clean).toFixed(2)} | ${(100 * (r.wer.get(condition) ?? 0)).toFixed(1)} | ${fmt(r.wer, (k) => k.includes('/')).replaceAll(`${condition}/`, '')} |`,
    );
  }
  console.log(`\nload average ${loadavg()[0].toFixed(1)} at the end`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
