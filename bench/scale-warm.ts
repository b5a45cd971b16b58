// Cold vs warm re-runs of the nightly suite's scenarios (all 59 conditions) on the bundled
// corpus, with a BENCHMARK ENGINE (file:, answers at once) in place of pocketsphinx so the
// figures are lastmile's own work: cold (empty cache: DSP and engine calls), warm (the same
// run into a new folder: transcripts and audio identities cached), and warm without the
// audio-identity store (what a warm re-run cost before it: every clip × condition perturbed
// again to find its cache key). Wall and CPU time (every thread) per run.
//   npm run build && npx tsx bench/scale-warm.ts [--limit 24]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveRunConfig } from '../src/run/config.js';
import { executeRun } from '../src/run/execute.js';

const i = process.argv.indexOf('--limit');
const limit = i > 0 ? Number(process.argv[i + 1]) : undefined;
const dir = await mkdtemp(join(tmpdir(), 'lastmile-bench-warm-'));
const engine = join(dir, 'bench-engine.mjs');
// The BENCHMARK ENGINE: the first three words of the reference it is not given — a constant.
await writeFile(
  engine,
  'export default { defaults: { concurrency: 16 }, transcribe: async () => "the patient has" };\n',
);
const cacheDir = join(dir, 'cache');

async function timed(label: string, out: string) {
  const config = await resolveRunConfig({
    suite: 'suites/nightly.yaml',
    engines: [`file:${engine}`],
    out: join(dir, out),
    cacheDir,
    ...(limit !== undefined && { limit }),
    outputs: ['summary.json'],
  });
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const r = await executeRun(config);
  const used = process.cpuUsage(cpu);
  const s = (performance.now() - wall) / 1000;
  const calls = Object.values(r.stats).reduce((n, x) => n + x.calls, 0);
  process.stdout.write(
    `${label}: ${r.total} units, ${s.toFixed(1)} s wall, ${((used.user + used.system) / 1e6).toFixed(1)} s CPU; ${r.dsp.perturbed} clip × conditions perturbed, ${r.dsp.remembered} remembered, ${calls} engine calls\n`,
  );
}

await timed('cold (empty cache)', 'cold');
await timed('warm (audio identities + transcripts cached)', 'warm');
await rm(join(cacheDir, 'audio-identity'), { recursive: true, force: true });
await timed('warm without the audio-identity store (as before)', 'warm-old');
await rm(dir, { recursive: true, force: true });
