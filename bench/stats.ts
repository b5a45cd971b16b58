/**
 * Benchmark: scoring (en-basic normaliser + sclite-cost alignment) and every statistic of
 * summary.json for 100,000 synthetic utterance rows (adaptive or a fixed permutation count).
 *
 *   npx tsx bench/stats.ts [rows≈100000] [permutations=adaptive]
 */
import { renderConsoleTable } from '../src/report/console-table.js';
import { getNormalizer } from '../src/scoring/normalize.js';
import { scoreRows } from '../src/stats/aggregate.js';
import { computeSummary } from '../src/stats/compute.js';
import { simulateRows } from '../src/stats/simulate.js';

const targetRows = Number(process.argv[2] ?? 100_000);
const permutations = process.argv[3] ? Number(process.argv[3]) : undefined;
const engines = ['engine-a', 'engine-b'];
const conditions = [
  'mains-hum',
  'alarms-hvac',
  'handset',
  ...[30, 25, 20, 15, 10, 5].map((snr, i) => ({
    name: `babble@snr=${snr}`,
    base: 'babble',
    value: snr,
    extraScale: (i + 1) / 6,
  })),
];
const groupNames = ['us/general', 'uk/rp', 'synthetic/th-stopping', 'synthetic/vowel-shift'];
const speakersPerGroup = 50;
const utterances = Math.round(
  targetRows / (engines.length * (conditions.length + 1) * groupNames.length * speakersPerGroup),
);
const rows = simulateRows({
  seed: 'bench',
  groups: groupNames.map((name, i) => ({
    name,
    speakers: speakersPerGroup,
    extraDegradation: i === 2 ? 0.1 : 0,
  })),
  utterancesPerSpeaker: utterances,
  engines,
  conditions,
  errorRate: 0.005,
});
const normalizer = getNormalizer('en-basic');

const t0 = performance.now();
scoreRows(rows, normalizer, 'accent');
const tScore = performance.now() - t0;

const c1 = process.cpuUsage();
const t1 = performance.now();
const summary = computeSummary(rows, { normalizer, ...(permutations ? { permutations } : {}) });
const tAll = performance.now() - t1;
const cpu = process.cpuUsage(c1);

const table = renderConsoleTable(summary, { color: false });
const rss = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  [
    `rows                 ${rows.length.toLocaleString('en')} (${engines.length} engines × ${conditions.length + 1} conditions × ${groupNames.length * speakersPerGroup} speakers × ${utterances} clips)`,
    `permutations         ${summary.methods.test.permutations} shared by every cell; ${summary.methods.test.tests} tests (${summary.methods.test.multipleTesting})`,
    `scoring only         ${(tScore / 1000).toFixed(2)} s`,
    `scoring + statistics ${(tAll / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (computeSummary, one thread; CPU time is the load-robust figure)`,
    `peak memory          ${rss.toFixed(0)} MiB maxRSS (including the ${rows.length.toLocaleString('en')} rows held in memory)`,
    `flagged              ${summary.flagged.map((f) => `${f.engine}/${f.condition}/${f.group}`).join(', ') || 'none'}`,
    `table lines          ${table.split('\n').length}`,
    '',
  ].join('\n'),
);
