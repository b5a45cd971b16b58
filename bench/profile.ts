/**
 * Speed of `lastmile profile`: how long the analysis and the whole command (analysis, floor bed,
 * scenario, fidelity render and its analysis, page) take per minute of recording, at 16 kHz and
 * 48 kHz. The room: pink noise, 57 Hz hum with three harmonics, and a medium-priority alarm every
 * 2.5 s, made by lastmile's own perturbations on silence. Reports wall-clock and CPU time (user +
 * system, which other jobs on a shared machine disturb far less) and the real-time factor.
 * Run: npx tsx bench/profile.ts [seconds=60]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPerturbation } from '../perturbations/index.js';
import type { Audio } from '../src/audio/types.js';
import { writeWav16 } from '../src/audio/write.js';
import type { Scalar } from '../src/perturbation/params.js';
import { analyseRecording } from '../src/profile/analyse.js';
import { profileRecording } from '../src/profile/profile-recording.js';
import { createRng } from '../src/rng.js';

const SECONDS = Number(process.argv[2] ?? 60);

async function room(sampleRate: number): Promise<Audio> {
  let audio: Audio = { samples: new Float32Array(SECONDS * sampleRate), sampleRate };
  const steps: [string, Record<string, Scalar>][] = [
    ['noise', { color: 'pink', level: -40, crossfade: 0.25, reference: 'active' }],
    ['hum', { fundamental: 57, harmonics: 4, rolloff: 5, level: -30, reference: 'active' }],
    [
      'alarm',
      {
        priority: 'medium',
        pitch: 600,
        harmonics: 4,
        rolloff: 3,
        pulse: 0.2,
        spacing: 0.1,
        period: 2.5,
        level: -30,
        reference: 'active',
      },
    ],
  ];
  for (const [i, [kind, values]] of steps.entries()) {
    audio = await getPerturbation(kind).apply(audio, values as never, {
      rng: createRng('bench-profile', i),
      clip: { id: 'bench', speaker: 'bench' },
      resolvePath: (p) => p,
      note: () => {},
    });
  }
  return audio;
}

async function timed<T>(work: () => Promise<T> | T): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

const rows: string[] = [];
for (const rate of [16000, 48000]) {
  const audio = await room(rate);
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-bench-profile-'));
  const wav = join(dir, 'room.wav');
  await writeWav16(wav, audio);
  const analysis = await timed(() => analyseRecording(audio));
  const whole = await timed(() =>
    profileRecording({ recording: wav, out: join(dir, 'room.yaml'), snrs: [10, 0] }),
  );
  for (const [what, t] of [
    ['analysis', analysis],
    ['profile command', whole],
  ] as const)
    rows.push(
      `| ${rate / 1000} kHz | ${what} | ${t.wall.toFixed(2)} | ${t.cpu.toFixed(2)} | ${(SECONDS / t.wall).toFixed(0)} | ${(SECONDS / t.cpu).toFixed(0)} |`,
    );
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(
  `lastmile profile on ${SECONDS} s of recording\n\n| rate | step | wall s | CPU s | ×RT wall | ×RT CPU |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n`,
);
