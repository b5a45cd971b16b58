/**
 * Report generation over a finished run folder: time (wall and CPU) of each step and the size
 * of each file. `npx tsx bench/report.ts <results-dir>`; nothing is written to the folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderCharts } from '../src/report/charts/render.js';
import { reportCharts } from '../src/report/charts/specs.js';
import { pickExamples } from '../src/report/examples.js';
import { loadReportInputs } from '../src/report/inputs.js';
import { REPORT_OUTPUTS, writeReports } from '../src/report/write.js';
import { replayRunAudio } from '../src/run/replay-audio.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: npx tsx bench/report.ts <results-dir>\n');
  process.exit(2);
}

async function timed<T>(label: string, f: () => Promise<T>): Promise<T> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const out = await f();
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    `| ${label} | ${((performance.now() - wall) / 1000).toFixed(2)} | ${((used.user + used.system) / 1e6).toFixed(2)} |\n`,
  );
  return out;
}

process.stdout.write('| step | wall s | CPU s |\n|---|--:|--:|\n');
const inputs = await timed('read folder (rows, run.json, summary)', () => loadReportInputs(dir));
await timed('charts (Vega-Lite → SVG)', () => renderCharts(reportCharts(inputs.view)));
const replay = await replayRunAudio(inputs.context);
await timed('examples (rebuild + encode audio)', () => pickExamples(inputs, { replay }));
// Write into a scratch copy of the inputs' folder name so the run folder is untouched.
const scratch = await mkdtemp(join(tmpdir(), 'lastmile-bench-report-'));
const { sizes } = await timed('all outputs', () =>
  writeReports({ ...inputs, dir: scratch }, REPORT_OUTPUTS, { replay }),
);
await rm(scratch, { recursive: true });
process.stdout.write(
  `\n${inputs.summary.input.rows} rows, ${inputs.view.cells.length} cells\n\n| file | bytes |\n|---|--:|\n`,
);
for (const [name, bytes] of Object.entries(sizes)) process.stdout.write(`| ${name} | ${bytes} |\n`);
