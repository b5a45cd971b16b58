/**
 * Writes test/testers/reference/multilevel-data.csv: one row per speaker (degradation in WER
 * points, reference words, accent, gender) from the slice simulator, with cells of unequal
 * size down to two speakers and one planted accent × gender effect. The reference numbers are
 * lme4's fit of it (scripts/multilevel-reference.R), checked by test/testers/multilevel.test.ts.
 *
 *   npx tsx scripts/multilevel-reference-data.ts && Rscript scripts/multilevel-reference.R
 */
import { writeFileSync } from 'node:fs';
import { getNormalizer } from '../src/scoring/normalize.js';
import { simulateSliceRows } from '../src/slices/simulate.js';
import { sliceUnits } from '../src/slices/units.js';

const rows = simulateSliceRows({
  seed: 'multilevel-reference',
  accents: ['a', 'b', 'c', 'd'],
  speakersPerCell: 8,
  utterancesPerSpeaker: 8,
  conditions: ['noisy', 'codec'],
  planted: { accent: 'b', gender: 'female', extra: 0.25 },
});
// Unequal cells: drop speakers so that some intersections hold only two or three.
const keep: Record<string, number> = {
  'a|female': 8,
  'a|male': 6,
  'b|female': 3,
  'b|male': 8,
  'c|female': 5,
  'c|male': 2,
  'd|female': 7,
  'd|male': 4,
};
const kept = rows.filter((r) => {
  const n = Number(/spk(\d+)/.exec(r.speaker)![1]);
  return n < keep[`${r.labels.accent}|${r.labels.gender}`];
});
const { units } = sliceUnits(kept, getNormalizer('none'), 'degradation');
const bySpeaker = new Map<string, { d: number; w: number; accent: string; gender: string }>();
for (const u of units) {
  const s = bySpeaker.get(u.speaker) ?? {
    d: 0,
    w: 0,
    accent: u.labels.accent,
    gender: u.labels.gender,
  };
  s.d += u.d;
  s.w += u.w;
  bySpeaker.set(u.speaker, s);
}
const lines = ['speaker,y,w,accent,gender'];
for (const [speaker, s] of [...bySpeaker].sort())
  lines.push(`${speaker},${((100 * s.d) / s.w).toFixed(6)},${s.w},${s.accent},${s.gender}`);
writeFileSync('test/testers/reference/multilevel-data.csv', `${lines.join('\n')}\n`);
console.log(`${bySpeaker.size} speakers written`);
