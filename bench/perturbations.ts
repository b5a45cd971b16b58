/**
 * Speed of every perturbation kind and every built-in scenario chain: real-time factor on one
 * core (seconds of 16 kHz audio per wall-clock second, over 10 minutes of tiled speech), peak
 * memory (max RSS of a child process running only that case), and — where sox or the codec's
 * reference tools do the same operation — their time on the same 10 minutes (WAV in tmpfs →
 * WAV, file I/O included) and the ratio lastmile / reference (> 1 = lastmile faster). Codec
 * references are the command-line tools of the same libraries (sox, opusenc/opusdec,
 * speexenc/speexdec, lame/mpg123, ffmpeg's libvo_amrwbenc), encode piped into decode.
 * Run: npx tsx bench/perturbations.ts [--clips] [filter] (a filter runs only the cases whose
 * name contains it, e.g. `reverb`).
 *
 * With --clips, each case is also timed over the same 10 minutes cut into 200 corpus-length
 * clips of 3 s (each its own clip id, so each draws its own room, talkers, windows …, as in a
 * run), in steady state (the 200 run once untimed first): per-clip set-up weighs more there,
 * and passes over clip-sized arrays stay in cache.
 *
 * Steady state, as in a run that perturbs hundreds of clips: each child process first runs its
 * case on a 5-second clip (timed by itself: the cold first call, with WebAssembly compilation,
 * module imports, JIT warm-up and one-time set-up such as a codec's delay probe), then once
 * more on 5 seconds (timed: the warm cost of that clip), then once untimed on the 10 minutes
 * (so the WebAssembly memories have grown to a 10-minute clip's size, which a run of short
 * clips never pays per clip), and then times the 10 minutes.
 *
 * Each figure is given twice: by wall-clock time, and by CPU time (user + system of the
 * process, or of the tools), which other jobs on a shared machine disturb far less — compare
 * by the CPU column when the machine is busy. Every kind runs in process (codecs included), so
 * the CPU column covers all of lastmile's work.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getPerturbation } from '../perturbations/index.js';
import { readAudio } from '../src/audio/read.js';
import type { Audio } from '../src/audio/types.js';
import { encodeWav16 } from '../src/audio/write.js';
import type { Scalar } from '../src/perturbation/params.js';
import { perturbClip } from '../src/perturbation/perturb-clip.js';
import { createRng } from '../src/rng.js';
import { loadScenario } from '../src/scenario/load.js';
import { looped, VOICES } from './speech.js';

const SECONDS = 600;
const RATE = 16000;
/** --clips: the 10 minutes as CLIPS clips of SECONDS / CLIPS seconds. */
const CLIPS = 200;

/** Kind cases: values, and the sox effect doing the same where one exists. */
const CASES: {
  name: string;
  kind: string;
  values: Record<string, Scalar>;
  sox?: string[];
  /** A bash pipeline doing the same with the reference tools ($IN, $OUT, $FFMPEG). */
  ref?: string;
}[] = [
  { name: 'gain', kind: 'gain', values: { db: -6 }, sox: ['vol', '-6dB'] },
  {
    name: 'level normalize',
    kind: 'level',
    values: { mode: 'normalize', reference: 'rms' },
    sox: ['norm', '-26'],
  },
  {
    name: 'level agc',
    kind: 'level',
    values: { mode: 'agc' },
    sox: ['compand', '0.003,0.25', '6:-70,-70,-30,-30,0,-22.5'],
  },
  { name: 'noise white rms', kind: 'noise', values: { snr: 10, reference: 'rms' } },
  { name: 'noise white active', kind: 'noise', values: { snr: 10 } },
  {
    name: 'noise file',
    kind: 'noise',
    values: { file: 'fixtures/noise/ward.wav', snr: 10, reference: 'rms' },
  },
  { name: 'babble 6', kind: 'babble', values: { talkers: 6, snr: 10, reference: 'rms' } },
  { name: 'hum', kind: 'hum', values: { level: -30 }, sox: ['synth', 'sine', 'mix', '60'] },
  { name: 'alarm', kind: 'alarm', values: { level: -25 } },
  { name: 'machine', kind: 'machine', values: { level: -30 } },
  { name: 'reverb synthetic 0.5 s', kind: 'reverb', values: { rt60: 0.5 }, sox: ['fir', '@IR'] },
  {
    name: 'reverb file 0.7 s',
    kind: 'reverb',
    values: { ir: 'fixtures/ir/ward-room.wav' },
    sox: ['fir', '@IRFILE'],
  },
  { name: 'bandpass 300–3400 (4+4)', kind: 'bandpass', values: {}, sox: ['sinc', '300-3400'] },
  {
    name: 'filter highpass 4',
    kind: 'filter',
    values: { type: 'highpass', frequency: 300, order: 4 },
    sox: ['highpass', '300', 'highpass', '300'],
  },
  {
    name: 'filter bandstop',
    kind: 'filter',
    values: { type: 'bandstop', low: 800, high: 1200, order: 4 },
    sox: ['bandreject', '980', '400h', 'bandreject', '980', '400h'],
  },
  {
    name: 'filter peaking',
    kind: 'filter',
    values: { type: 'peaking', frequency: 1000, gain: 6, q: 1 },
    sox: ['equalizer', '1000', '1q', '6'],
  },
  {
    name: 'eq old-handset (1023-tap FIR)',
    kind: 'eq',
    values: { preset: 'old-handset' },
    sox: ['fir', '@EQ'],
  },
  {
    name: 'codec g711-ulaw',
    kind: 'codec',
    values: { name: 'g711-ulaw' },
    ref: 'sox "$IN" -r 8000 -e u-law -t wav - | sox -t wav - -r 16000 -e signed -b 16 "$OUT"',
  },
  {
    name: 'codec gsm',
    kind: 'codec',
    values: { name: 'gsm' },
    ref: 'sox "$IN" -r 8000 -t gsm - | sox -t gsm -r 8000 - -r 16000 -b 16 "$OUT"',
  },
  {
    name: 'codec amr-nb 12.2k',
    kind: 'codec',
    values: { name: 'amr-nb' },
    ref: 'sox "$IN" -r 8000 -t amr-nb -C 7 - | sox -t amr-nb - -r 16000 -b 16 "$OUT"',
  },
  {
    name: 'codec amr-wb 12.65k',
    kind: 'codec',
    values: { name: 'amr-wb' },
    ref: '"$FFMPEG" -v error -i "$IN" -c:a libvo_amrwbenc -b:a 12650 -f amr - | sox -t amr-wb - "$OUT"',
  },
  {
    name: 'codec opus 16k (complexity 5)',
    kind: 'codec',
    values: { name: 'opus' },
    ref: 'opusenc --quiet --bitrate 16 --comp 5 --set-ctl-int 4000=2048 --set-ctl-int 4004=1103 "$IN" - | opusdec --quiet --rate 16000 - "$OUT"',
  },
  {
    name: 'codec opus 16k (complexity 10)',
    kind: 'codec',
    values: { name: 'opus', complexity: 10 },
    ref: 'opusenc --quiet --bitrate 16 --comp 10 --set-ctl-int 4000=2048 --set-ctl-int 4004=1103 "$IN" - | opusdec --quiet --rate 16000 - "$OUT"',
  },
  {
    name: 'codec speex 16k',
    kind: 'codec',
    values: { name: 'speex' },
    ref: 'speexenc --bitrate 16000 "$IN" - 2>/dev/null | speexdec - "$OUT" 2>/dev/null',
  },
  {
    name: 'codec mp3 32k',
    kind: 'codec',
    values: { name: 'mp3' },
    ref: 'lame --quiet -m m -b 32 --cbr -t "$IN" - | mpg123 -q -w "$OUT" -',
  },
  { name: 'packetloss', kind: 'packetloss', values: {} },
  { name: 'clipping 99th pct', kind: 'clipping', values: { percentile: 99 } },
  { name: 'distortion tanh', kind: 'distortion', values: {}, sox: ['overdrive', '12'] },
  { name: 'distortion bitcrush', kind: 'distortion', values: { type: 'bitcrush' } },
  { name: 'speed 1.1', kind: 'speed', values: {}, sox: ['speed', '1.1', 'rate', '16k'] },
  {
    name: 'tempo 1.1 (WSOLA)',
    kind: 'speed',
    values: { mode: 'tempo' },
    sox: ['tempo', '-s', '1.1'],
  },
  {
    name: 'intermittent noise',
    kind: 'intermittent',
    values: { step: '{"noise":{"snr":10,"reference":"rms"}}' },
  },
];

async function longSpeech(): Promise<Audio> {
  const parts = await Promise.all(VOICES.map((f) => readAudio(f, RATE)));
  return {
    samples: looped(
      parts.map((p) => p.samples),
      SECONDS * RATE,
    ),
    sampleRate: RATE,
  };
}

function corpusOf(parts: Audio[]) {
  return {
    clips: parts.map((_, i) => ({ id: `c${i}`, speaker: `s${i}` })),
    load: async (id: string) => parts[Number(id.slice(1))],
  };
}

async function child(which: string, clips: boolean): Promise<void> {
  const audio = await longSpeech();
  const parts = await Promise.all(VOICES.map((f) => readAudio(f, RATE)));
  const corpus = corpusOf([...parts, ...parts]);
  let run: (audio: Audio, id?: string) => Promise<unknown>;
  if (which.startsWith('scenario:')) {
    const [, file, condition] = which.split(':');
    const scenario = await loadScenario(file);
    const c = scenario.conditions.find((x) => x.name === condition)!;
    run = (a, id = 'bench') => perturbClip(scenario, c, { id, speaker: 'bench' }, a, corpus);
  } else {
    const spec = CASES.find((c) => c.name === which)!;
    const p = getPerturbation(spec.kind);
    const values: Record<string, Scalar> = {};
    for (const [k, s] of Object.entries(p.params))
      if (s.default !== undefined) values[k] = s.default as Scalar;
    Object.assign(values, spec.values);
    run = async (a, id = 'bench') =>
      p.apply(a, values as never, {
        rng: createRng(id),
        clip: { id, speaker: 'bench' },
        corpus,
        resolvePath: (x) => resolve(x),
        note: () => {},
      });
  }
  const five: Audio = { samples: audio.samples.slice(0, 5 * RATE), sampleRate: RATE };
  const cold = await timed(() => run(five));
  const warm = await timed(() => run(five));
  await run(audio);
  const { seconds, cpuSeconds } = await timed(() => run(audio));
  let short: Timing | undefined;
  if (clips) {
    const len = (SECONDS / CLIPS) * RATE;
    const pieces = Array.from({ length: CLIPS }, (_, i) => ({
      samples: audio.samples.slice(i * len, (i + 1) * len),
      sampleRate: RATE,
    }));
    const all = async () => {
      for (const [i, piece] of pieces.entries()) await run(piece, `bench-${i}`);
    };
    await all();
    short = await timed(all);
  }
  process.stdout.write(
    JSON.stringify({
      seconds,
      cpuSeconds,
      clips: short,
      coldCpuMs: 1000 * cold.cpuSeconds,
      warmCpuMs: 1000 * warm.cpuSeconds,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

async function timed(f: () => Promise<unknown>): Promise<Timing> {
  const t0 = performance.now();
  const u0 = process.cpuUsage();
  await f();
  const u = process.cpuUsage(u0);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (u.user + u.system) / 1e6 };
}

interface Timing {
  seconds: number;
  cpuSeconds: number;
}

/** Runs sox under bash's `time`, for its wall-clock and CPU (user + system) seconds. */
function timeSox(args: string[]): Timing | undefined {
  return timeBash('sox "$@" 2>/dev/null', args);
}

/**
 * Runs a bash pipeline under `time` (CPU of every process in it); $IN, $OUT and $FFMPEG are
 * set. The pipeline is the bench's own fixed text — no user input reaches the shell.
 */
function timeRef(pipeline: string, dir: string): Timing | undefined {
  return timeBash(pipeline, [], {
    IN: join(dir, 'in.wav'),
    OUT: join(dir, 'out.wav'),
    FFMPEG: (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path,
  });
}

function timeBash(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Timing | undefined {
  const t0 = performance.now();
  const r = spawnSync(
    'bash',
    ['-c', `TIMEFORMAT="%3U %3S"; time { ${script}; }`, 'bash', ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) return undefined;
  const [user, system] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds, cpuSeconds: user + system };
}

function soxTiming(args: string[], dir: string): Timing | undefined {
  const input = join(dir, 'in.wav');
  const out = join(dir, 'out.wav');
  let effect = args;
  const output = [out];
  if (args[0] === 'synth') {
    // hum: mix a 60 Hz sine into the speech (sox -m)
    execFileSync('sox', [
      '-n',
      '-r',
      '16000',
      '-b',
      '16',
      join(dir, 'tone.wav'),
      'synth',
      String(SECONDS),
      'sine',
      '60',
      'vol',
      '0.03',
    ]);
    return timeSox(['-m', input, join(dir, 'tone.wav'), out]);
  }
  effect = effect.map((a) =>
    a.startsWith('@') ? join(dir, `${a.slice(1).toLowerCase()}.txt`) : a,
  );
  return timeSox([input, ...output, ...effect]);
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3], process.argv[4] === '--clips');
  const clips = process.argv.includes('--clips');
  const only = process.argv.slice(2).find((a) => a !== '--clips') ?? '';
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-bench-'));
  try {
    const audio = await longSpeech();
    writeFileSync(join(dir, 'in.wav'), encodeWav16(audio));
    // FIR coefficient files for sox's `fir` (the same filters lastmile applies).
    const { syntheticRoomIr } = await import('../src/dsp/room.js');
    writeFileSync(
      join(dir, 'ir.txt'),
      Array.from(syntheticRoomIr(0.5, 3, RATE, createRng('bench'))).join('\n'),
    );
    writeFileSync(
      join(dir, 'irfile.txt'),
      Array.from((await readAudio('fixtures/ir/ward-room.wav', RATE)).samples).join('\n'),
    );
    const { designTableFir, parseResponseTable } = await import('../src/dsp/response-table.js');
    const { readFileSync } = await import('node:fs');
    const table = parseResponseTable(
      readFileSync('fixtures/responses/old-handset.csv', 'utf8'),
      'old-handset',
    );
    writeFileSync(join(dir, 'eq.txt'), Array.from(designTableFir(table, RATE)).join('\n'));

    const rows: string[][] = [];
    const measure = (which: string) => {
      const r = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'bench/perturbations.ts',
          '--child',
          which,
          ...(clips ? ['--clips'] : []),
        ],
        { encoding: 'utf8' },
      );
      if (r.status !== 0)
        return { error: (r.stderr || '').split('\n').find((l) => l.trim()) ?? 'failed' };
      return JSON.parse(r.stdout) as Timing & {
        clips?: Timing;
        maxRssMb: number;
        coldCpuMs: number;
        warmCpuMs: number;
      };
    };
    const load = () =>
      loadavg()
        .map((x) => x.toFixed(1))
        .join(' ');
    const loadBefore = load();
    const clipCells = (t?: Timing) =>
      clips
        ? [
            t ? (SECONDS / t.cpuSeconds).toFixed(0) : '—',
            t ? (SECONDS / t.seconds).toFixed(0) : '—',
          ]
        : [];
    for (const c of CASES.filter((x) => x.name.includes(only))) {
      const m = measure(c.name);
      const sox = c.ref ? timeRef(c.ref, dir) : c.sox ? soxTiming(c.sox, dir) : undefined;
      if ('error' in m) {
        rows.push([c.name, 'error', '', '', '', '', '', '', '', String(m.error)]);
        continue;
      }
      rows.push([
        c.name,
        (SECONDS / m.seconds).toFixed(0),
        (SECONDS / m.cpuSeconds).toFixed(0),
        ...clipCells(m.clips),
        m.maxRssMb.toFixed(0),
        `${m.coldCpuMs.toFixed(0)} / ${m.warmCpuMs.toFixed(0)}`,
        sox ? (SECONDS / sox.seconds).toFixed(0) : '—',
        sox ? (SECONDS / sox.cpuSeconds).toFixed(0) : '—',
        sox ? (sox.seconds / m.seconds).toFixed(2) : '—',
        sox ? (sox.cpuSeconds / m.cpuSeconds).toFixed(2) : '—',
        c.ref ?? (c.sox ? `sox ${c.sox.join(' ')}` : ''),
      ]);
      process.stderr.write('.');
    }
    for (const file of readdirSync('scenarios')
      .filter((f) => f.endsWith('.yaml'))
      .sort()) {
      let scenario: Awaited<ReturnType<typeof loadScenario>>;
      try {
        scenario = await loadScenario(join('scenarios', file));
      } catch (e) {
        const message = (e as Error).message.split('\n')[0];
        rows.push([`scenarios/${file}`, 'error', '', '', '', '', '', '', '', message]);
        continue;
      }
      for (const c of scenario.conditions.filter((x) => `${file} ${x.name}`.includes(only))) {
        const m = measure(`scenario:scenarios/${file}:${c.name}`);
        const kinds = c.chain.map((s) => s.perturbation.name);
        if ('error' in m)
          rows.push([`${file} ${c.name}`, 'error', '', '', '', '', '', '', '', String(m.error)]);
        else
          rows.push([
            `${file} ${c.name}`,
            (SECONDS / m.seconds).toFixed(0),
            (SECONDS / m.cpuSeconds).toFixed(0),
            ...clipCells(m.clips),
            m.maxRssMb.toFixed(0),
            `${m.coldCpuMs.toFixed(0)} / ${m.warmCpuMs.toFixed(0)}`,
            '—',
            '—',
            '—',
            '—',
            kinds.join(' → '),
          ]);
        process.stderr.write('.');
      }
    }
    process.stderr.write('\n');
    console.log(`load average (1, 5, 15 min): ${loadBefore} at the start, ${load()} at the end\n`);
    const header = [
      'case (10 min of 16 kHz speech, 1 core, after warm-up)',
      '× real time (wall)',
      '× RT (CPU)',
      ...(clips
        ? [
            `${CLIPS} × ${SECONDS / CLIPS} s: × RT (CPU)`,
            `${CLIPS} × ${SECONDS / CLIPS} s: × RT (wall)`,
          ]
        : []),
      'peak RSS MB',
      '5 s clip: cold first call / warm (CPU ms)',
      'ref × RT (wall)',
      'ref × RT (CPU)',
      'lastmile/ref (wall)',
      'lastmile/ref (CPU)',
      'reference command / chain',
    ];
    console.log(`| ${header.join(' | ')} |`);
    console.log(`|${header.map(() => '---').join('|')}|`);
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
