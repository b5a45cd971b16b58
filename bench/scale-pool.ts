// DSP and scoring throughput of the worker pool (src/run/pool) at 1 and 2 threads: the bundled
// corpus's clips (real FLAC speech) under the nightly suite's scenarios (noise, reverb, codecs,
// babble...), then scoring one reference/hypothesis pair per clip × condition. Prints wall
// and CPU time per thread count, the speed-up, and a digest of every output (audio hashes,
// drawn parameters, scores) that must be the same for every thread count.
//   npm run build && npx tsx bench/scale-pool.ts [--clips 40] [--threads 0@1,1@1,1,2]
// `T@1` runs T pool threads with the whole process held to one core (taskset): "one core" as
// the issue's 2-cores-vs-one-core target means it, where a 1-thread pool on two cores also has
// the second core for its main thread, collector and decoder.
// The workers run dist's build (see src/run/pool/pool.ts). CPU time is the process's (every
// thread); on a shared machine read CPU beside wall. It runs itself again under bin/lastmile's
// node flags when started without them (npx tsx does not pass them).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { loadCorpus } from '../src/corpus/load.js';
import { planConditions } from '../src/run/plan.js';
import { createDspPool } from '../src/run/pool/pool.js';
import { loadSuite } from '../src/run/suite.js';
import { loadScenario } from '../src/scenario/load.js';
import { loadKeywordList } from '../src/scoring/keywords.js';
import { rerunUnderLauncherFlags, underLauncherFlags } from './launcher-flags.js';
import { cpuSince, threadCpu, threadName } from './thread-cpu.js';

// The threads' speed depends on the node flags a run starts with (bin/lastmile sets V8's
// collector to run on the thread that allocates): run under the launcher's own.
if (!underLauncherFlags())
  process.exit(rerunUnderLauncherFlags(process.argv[1], process.argv.slice(2)));

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const CLIPS = Number(arg('--clips', '40'));
// Read before any run holds the process to fewer (the count follows the process's affinity).
const CORES = availableParallelism();
const RUNS = arg('--threads', '0@1,1@1,1,2')
  .split(',')
  .map((r) => {
    const [threads, cores] = r.split('@').map(Number);
    return { threads, cores: cores || CORES };
  });
// Conditions per task (the run sends 4: src/run/clip.ts CONDITIONS_PER_TASK).
const PER_TASK = Number(arg('--per-task', '4'));

const suite = await loadSuite('suites/nightly.yaml');
const scenarioFiles = suite.scenarios;
const corpus = await loadCorpus(suite.corpus);
const scenarios = await Promise.all(scenarioFiles.map((f) => loadScenario(f)));
const conditions = planConditions(scenarios).map((c) => c.name);
// Every k-th clip: all groups and speakers, not the first speaker's clips only.
const step = Math.max(1, Math.floor(corpus.clips.length / CLIPS));
const clips = corpus.clips.filter((_, i) => i % step === 0).slice(0, CLIPS);
const spare = corpus.clips.filter((c) => !clips.includes(c)).slice(0, 4);
const setup = { scenarioFiles, clips: corpus.clips };
// Scoring reads keyword errors too, as a run with a keyword list does.
const keywords = await loadKeywordList(suite.keywords ?? 'fixtures/keywords/clinical.txt');

/** Every thread of this process, and those it starts later, on the first `cores` cores. */
function holdTo(cores: number) {
  const cpus = `0-${cores - 1}`;
  const r = spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`taskset: ${r.stderr || r.error}`);
}

async function measure(threads: number, cores: number) {
  holdTo(cores);
  const existing = new Set(threadCpu().keys());
  const pool = createDspPool(setup, threads);
  // Warm every thread up outside the measured part: each loads its modules and the scenarios,
  // compiles the WebAssembly kernels and tiers up the hot code on its first tasks. One task
  // per thread at once (a busy thread takes no second task), each a spare clip under every
  // condition, so the second thread does not pay its start inside the measurement.
  const warmStart = performance.now();
  await Promise.all(
    Array.from({ length: Math.max(1, threads) }, (_, t) =>
      pool.perturb(spare[t % spare.length].id, conditions),
    ),
  );
  const warmUp = (performance.now() - warmStart) / 1000;
  const digest = createHash('sha256');
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const perThread = threadCpu();
  let tasks = 0;
  const results = await Promise.all(
    clips.flatMap((clip) => {
      const chunks = [];
      for (let i = 0; i < conditions.length; i += PER_TASK) {
        tasks++;
        // What a run keeps of a unit once its engines have the audio: the hash and the
        // parameters. Holding every unit's audio to the end (~290 kB each) made this bench's
        // main thread collect a growing set of buffers, which a run never holds.
        chunks.push(
          pool
            .perturb(clip.id, conditions.slice(i, i + PER_TASK))
            .then((rs) =>
              rs.map((r) =>
                r.ok ? { ok: true as const, audioSha256: r.audioSha256, params: r.params } : r,
              ),
            ),
        );
      }
      return chunks;
    }),
  );
  const pairs: [string, string][] = [];
  for (const chunk of results)
    for (const r of chunk) {
      if (!r.ok) throw new Error(r.unreadable);
      digest.update(r.audioSha256).update(JSON.stringify(r.params));
      // A hypothesis that drops words by the audio hash: something to align.
      const clip = clips[pairs.length % clips.length];
      const words = clip.text.split(' ');
      pairs.push([clip.text, words.filter((_, k) => r.audioSha256.charCodeAt(k) % 4).join(' ')]);
    }
  const scored = await Promise.all(
    Array.from({ length: Math.ceil(pairs.length / 50) }, (_, b) =>
      pool.score('en-basic', keywords, pairs.slice(b * 50, b * 50 + 50)),
    ),
  );
  for (const batch of scored) digest.update(JSON.stringify(batch));
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - wall) / 1000;
  const byThread = cpuSince(perThread);
  // The pool's threads: started with the pool, the busiest `threads` of them.
  const started = [...byThread].filter(([tid]) => !existing.has(tid)).sort((a, b) => b[1] - a[1]);
  const poolTids = new Set(threads > 0 ? started.slice(0, threads).map(([tid]) => tid) : []);
  const workers = [...poolTids].map((tid) => byThread.get(tid) ?? 0);
  const main = byThread.get(process.pid) ?? 0;
  // The rest by name, read before the pool closes: V8's platform threads and libuv's are
  // "node", node-web-audio-api's decoder "tokio-rt-worker".
  const others = new Map<string, number>();
  for (const [tid, cpuS] of byThread)
    if (tid !== process.pid && !poolTids.has(tid))
      others.set(threadName(tid), (others.get(threadName(tid)) ?? 0) + cpuS);
  await pool.close();
  holdTo(CORES);
  const total = [...byThread.values()].reduce((a, b) => a + b, 0);
  return {
    threads,
    cores,
    warmUp,
    units: pairs.length,
    tasks,
    wall: seconds,
    cpu: (used.user + used.system) / 1e6,
    main,
    workers,
    other: total - main - workers.reduce((a, b) => a + b, 0),
    others: [...others].sort((a, b) => b[1] - a[1]),
    digest: digest.digest('hex').slice(0, 16),
  };
}

process.stdout.write(
  `${clips.length} clips × ${conditions.length} conditions (nightly suite) = ${clips.length * conditions.length} perturbations + scores\n`,
);
const rows = [];
const label = (r: { threads: number; cores: number }) =>
  `threads ${r.threads}${r.cores < CORES ? ` on ${r.cores} core${r.cores > 1 ? 's' : ''}` : ''}`;
for (const { threads, cores } of RUNS) {
  const r = await measure(threads, cores);
  rows.push(r);
  process.stdout.write(
    `${label(r)}: ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU, ${(r.units / r.wall).toFixed(1)} units/s, digest ${r.digest} (warm-up ${r.warmUp.toFixed(1)} s wall)\n`,
  );
  // Busy: a thread's CPU over the wall time; what a pool thread lacks of 100 % it sat idle
  // (or waited for a core: read the load average beside it).
  process.stdout.write(
    `  CPU by thread: main ${r.main.toFixed(1)} s, pool ${r.workers.map((w) => `${w.toFixed(1)} s (${((100 * w) / r.wall).toFixed(0)} % busy)`).join(', ') || 'none'}, other threads ${r.other.toFixed(1)} s (${r.others.map(([n, c]) => `${n} ${c.toFixed(1)}`).join(', ')}); load average ${loadavg()[0].toFixed(2)}\n`,
  );
}
const digests = new Set(rows.map((r) => r.digest)).size === 1 ? 'identical' : 'DIFFER';
const last = rows.at(-1)!;
const all = rows.filter((r) => r.cores === CORES);
if (all.length > 1)
  process.stdout.write(
    `speed-up ${label(last)} vs ${label(all[0])}: ${(all[0].wall / last.wall).toFixed(2)}× wall; digests ${digests}\n`,
  );
// Against one core: its fastest run, whatever its thread count.
const one = rows.filter((r) => r.cores === 1).sort((a, b) => a.wall - b.wall)[0];
if (one && last.cores > 1)
  process.stdout.write(
    `speed-up ${label(last)} (${last.cores} cores) vs one core (${label(one)}): ${(one.wall / last.wall).toFixed(2)}× wall; digests ${digests}\n`,
  );
