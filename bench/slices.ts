/**
 * Error control and power of `lastmile slices` by simulation (issue 16). Null datasets: no
 * speaker group degrades more on average (speakers vary, as in src/stats/simulate.ts); the
 * family-wise rate is the share of datasets where any slice is confirmed on held-out speakers
 * (split by speaker), and where any slice of the family (listed or not) has max-T adjusted
 * p ≤ 0.05. Planted datasets: one
 * accent × gender cell degrades by `extra`; power is the share where that slice ranks first
 * and is confirmed. Prints a Markdown table (quoted in bench/README.md).
 *
 *   npx tsx bench/slices.ts [datasets=200] [permutations=199]
 */
import { findSlices } from '../src/slices/find-slices.js';
import { type SliceSimulation, simulateSliceRows } from '../src/slices/simulate.js';

const args = process.argv.slice(2);
const datasets = Number(args[0] ?? 200);
const permutations = Number(args[1] ?? 199);
const ACCENTS = ['a', 'b', 'c', 'd'];

interface Design {
  readonly label: string;
  readonly sim: Omit<SliceSimulation, 'seed'>;
}

const nulls: Design[] = [
  {
    label: '4 accents × 2 genders × 6 speakers, 3 clips, 2 conditions',
    sim: { accents: ACCENTS, speakersPerCell: 6, utterancesPerSpeaker: 3 },
  },
  {
    label: '4 × 2 × 10 speakers, 6 clips, 2 conditions',
    sim: { accents: ACCENTS, speakersPerCell: 10, utterancesPerSpeaker: 6 },
  },
  {
    label: '6 accents × 2 genders × 5 speakers, 4 clips, 3 conditions',
    sim: {
      accents: [...ACCENTS, 'e', 'f'],
      speakersPerCell: 5,
      utterancesPerSpeaker: 4,
      conditions: ['noisy', 'codec', 'reverb'],
    },
  },
];

const planted: Design[] = [0.1, 0.15, 0.2].map((extra) => ({
  label: `4 × 2 × 10 speakers, 6 clips; b × female +${extra * 100} points`,
  sim: {
    accents: ACCENTS,
    speakersPerCell: 10,
    utterancesPerSpeaker: 6,
    planted: { accent: 'b', gender: 'female', extra },
  },
}));

const se = (p: number, n: number) => Math.sqrt((p * (1 - p)) / n);
const f3 = (x: number) => x.toFixed(3);

console.log(
  `Null designs: ${datasets} datasets each, ${permutations} permutations, α = 0.05, k = 3.\n`,
);
console.log(
  '| null design | candidates (mean) | FWER confirmed on held-out (± MC SE) | FWER max-T p ≤ 0.05 (± MC SE) | ms per analysis |',
);
console.log('|---|---:|---:|---:|---:|');
for (const d of nulls) {
  let confirmed = 0;
  let maxT = 0;
  let family = 0;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < datasets; i++) {
    const r = findSlices(simulateSliceRows({ ...d.sim, seed: `bench-null-${d.label}-${i}` }), {
      permutations,
      seed: i,
    });
    if (r.split.carried.some((c) => c.confirmed)) confirmed++;
    if (r.search.smallestPMaxT <= 0.05) maxT++;
    family += r.search.family;
  }
  const cpu = process.cpuUsage(cpu0);
  const ms = (cpu.user + cpu.system) / 1000 / datasets;
  const a = confirmed / datasets;
  const b = maxT / datasets;
  console.log(
    `| ${d.label} | ${Math.round(family / datasets)} | ${f3(a)} ± ${f3(se(a, datasets))} | ${f3(b)} ± ${f3(se(b, datasets))} | ${Math.round(ms)} |`,
  );
}

const runs = Math.max(50, Math.round(datasets / 4));
console.log(`\nPlanted designs: ${runs} datasets each.\n`);
console.log('| planted design | ranked first | ranked first and confirmed | max-T p ≤ 0.05 |');
console.log('|---|---:|---:|---:|');
for (const d of planted) {
  let first = 0;
  let firstConfirmed = 0;
  let maxT = 0;
  for (let i = 0; i < runs; i++) {
    const r = findSlices(simulateSliceRows({ ...d.sim, seed: `bench-planted-${d.label}-${i}` }), {
      permutations,
      seed: i,
    });
    const top = r.slices[0];
    if (top?.label === 'accent=b ∧ gender=female') {
      first++;
      if (top.confirmation?.confirmed) firstConfirmed++;
      if (top.pMaxT <= 0.05) maxT++;
    }
  }
  console.log(
    `| ${d.label} | ${f3(first / runs)} | ${f3(firstConfirmed / runs)} | ${f3(maxT / runs)} |`,
  );
}
