/**
 * Which conditions a main job can afford: each candidate condition of
 * bench/condition-candidates.yaml (and clean) over the bundled clips, decoded by pocketsphinx
 * with the quick start's cap. Prints per condition the decoder's CPU seconds a clip (its own
 * per-utterance figure), that cost relative to clean, and WER pooled and per accent group.
 * Pocketsphinx's cost depends on the audio: noise keeps more of its search alive than tones do.
 * The conditions are decoded interleaved (clip by clip), so the ratios to clean hold on a busy
 * machine too; absolute seconds are only meaningful on an idle one.
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
    `${clips.size} clips a condition, all conditions interleaved in two decoders; load average ${loadavg()[0].toFixed(1)} at the start\n`,
  );
  const rows = all
    .filter((r) => clips.has(r.clip_id) && conditions.includes(r.condition))
    .sort((x, y) => x.clip_id.localeCompare(y.clip_id));
  const r = await decodeAll(join(work, 'decode'), rows, QUICKSTART_FLAGS, audio);
  const clean = (r.cpuBy.get('clean') ?? 0) / clips.size;
  console.log('| condition | CPU-s a clip | vs clean | WER | by group |');
  console.log('|---|---|---|---|---|');
  for (const condition of conditions) {
    const perClip = (r.cpuBy.get(condition) ?? 0) / clips.size;
    console.log(
      `| ${condition} | ${perClip.toFixed(3)} | ${(perClip / clean).toFixed(2)} | ${(100 * (r.wer.get(condition) ?? 0)).toFixed(1)} | ${fmt(r.wer, (k) => k.startsWith(`${condition}/`)).replaceAll(`${condition}/`, '')} |`,
    );
  }
  console.log(`\nload average ${loadavg()[0].toFixed(1)} at the end`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
