/**
 * CPU time of one scenario condition's chain, step by step, on the two workloads of
 * bench/perturbations.ts: the same 10 minutes of tiled speech as one clip and as 200 clips of
 * 3 s (each its own clip id). Steady state: both run once untimed, then `rounds` times timed.
 * Prints one JSON line: ×RT (CPU) per round for each workload, each step's CPU ms (from one
 * more round of each, timed step by step: reading the clock around every step costs a few per
 * cent, so the ×RT rounds do not), and the load average before and after.
 *
 *   npx tsx bench/chain-steps.ts canteen.yaml:lunch-hour [rounds] [--launcher-flags]
 *
 * --launcher-flags runs it again under bin/lastmile's node flags (V8's collector on the thread
 * that allocates, 4 MB semi-spaces) and MALLOC_ARENA_MAX=2, as a run's process starts: V8's
 * collector behaves differently under them (bench/README, "Scenario chains").
 *
 * The code measured is the checkout in the current directory (its src/ and perturbations/ are
 * imported from there), so old and new code can be compared in alternating runs:
 *   (cd /path/to/old && npx tsx /path/to/new/bench/chain-steps.ts telehealth-room.yaml:laptop-agc)
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rerunUnderLauncherFlags } from './launcher-flags.js';
import { looped, VOICES } from './speech.js';

type PerturbClip = typeof import('../src/perturbation/perturb-clip.js').perturbClip;
type LoadScenario = typeof import('../src/scenario/load.js').loadScenario;
type ReadAudio = typeof import('../src/audio/read.js').readAudio;

const RATE = 16000;
const SECONDS = 600;
const CLIPS = 200;

const from = (path: string) => import(pathToFileURL(join(process.cwd(), path)).href);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--launcher-flags')) {
    const rest = args.filter((a) => a !== '--launcher-flags');
    process.exitCode = rerunUnderLauncherFlags(fileURLToPath(import.meta.url), rest);
    return;
  }
  const [which, roundsArg] = args;
  if (!which?.includes(':')) {
    console.error('usage: npx tsx bench/chain-steps.ts <scenario.yaml>:<condition> [rounds]');
    process.exit(2);
  }
  const [file, name] = which.split(':');
  const rounds = Number(roundsArg ?? 2);
  const { readAudio } = (await from('src/audio/read.ts')) as { readAudio: ReadAudio };
  const { perturbClip } = (await from('src/perturbation/perturb-clip.ts')) as {
    perturbClip: PerturbClip;
  };
  const { loadScenario } = (await from('src/scenario/load.ts')) as { loadScenario: LoadScenario };

  const parts = await Promise.all(VOICES.map((f) => readAudio(f, RATE)));
  const samples = looped(
    parts.map((p) => p.samples),
    SECONDS * RATE,
  );
  const talkers = [...parts, ...parts];
  const corpus = {
    clips: talkers.map((_, i) => ({ id: `c${i}`, speaker: `s${i}` })),
    load: async (id: string) => talkers[Number(id.slice(1))],
  };
  const scenario = await loadScenario(join('scenarios', file));
  const condition = scenario.conditions.find((c) => c.name === name);
  if (!condition) throw new Error(`${file} has no condition ${name}`);

  // Each step's kind timed around its apply (CPU of this process), in the steps round only.
  const stepMs = new Map<string, number>();
  let timeSteps = false;
  for (const [i, step] of condition.chain.entries()) {
    const kind = step.perturbation;
    const apply = kind.apply.bind(kind);
    const label = `${i}.${kind.name}`;
    (kind as { apply: typeof apply }).apply = async (...args) => {
      if (!timeSteps) return apply(...args);
      const t = cpuMs();
      const out = await apply(...args);
      stepMs.set(label, (stepMs.get(label) ?? 0) + cpuMs() - t);
      return out;
    };
  }
  const run = (audio: { samples: Float32Array; sampleRate: number }, id: string) =>
    perturbClip(scenario, condition, { id, speaker: 'bench' }, audio, corpus);
  const long = { samples, sampleRate: RATE };
  const len = (SECONDS / CLIPS) * RATE;
  const clips = Array.from({ length: CLIPS }, (_, i) => ({
    samples: samples.slice(i * len, (i + 1) * len),
    sampleRate: RATE,
  }));
  const allClips = async () => {
    for (const [i, clip] of clips.entries()) await run(clip, `bench-${i}`);
  };

  await run(long, 'bench');
  await allClips();
  const result = {
    condition: which,
    load: [Number(loadavg()[0].toFixed(2))],
    clips: [] as number[],
    long: [] as number[],
    stepsMs: {} as Record<string, Record<string, number>>,
  };
  const workloads = [
    ['clips', allClips],
    ['long', () => run(long, 'bench')],
  ] as const;
  for (let r = 0; r < rounds; r++) {
    for (const [key, work] of workloads) {
      const t = cpuMs();
      await work();
      result[key].push(Math.round((SECONDS * 1000) / (cpuMs() - t)));
    }
  }
  timeSteps = true;
  for (const [key, work] of workloads) {
    stepMs.clear();
    await work();
    result.stepsMs[key] = Object.fromEntries([...stepMs].map(([k, v]) => [k, Math.round(v)]));
  }
  result.load.push(Number(loadavg()[0].toFixed(2)));
  console.log(JSON.stringify(result));
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

await main();
