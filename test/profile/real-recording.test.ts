import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileRecording } from '../../src/profile/profile-recording.js';
import { fidelityLines, profileLines } from '../../src/profile/text.js';
import { tempDir } from '../helpers/corpus.js';

/**
 * Recordings lastmile's code did not make: a real 3D printer recorded for Sonic Pi (Debian's
 * sonic-pi-samples, 44.1 kHz stereo FLAC), and machinery synthesised by sox — brown-noise
 * ventilation, a 100 Hz square-wave motor, pink-noise pump strokes every 1.2 s and knocks —
 * run through sox's reverberator. The fidelity figures are printed for the record.
 */
const PRINTER = '/usr/share/sonic-pi/samples/loop_3d_printer.flac';

/** sox in repeatable mode (-R: a fixed seed for its noise generators), so every run hears the same room. */
function sox(args: string[], cwd: string): void {
  const r = spawnSync('sox', ['-R', ...args], { cwd });
  if (r.status !== 0) throw new Error(`sox ${args.join(' ')}: ${r.stderr}`);
}

function print(label: string, r: Awaited<ReturnType<typeof profileRecording>>): void {
  process.stdout.write(
    `\n${label}: ${r.format}\n${[...profileLines(r.profile), ...fidelityLines(r.fidelity!)].map((l) => `  ${l}`).join('\n')}\n`,
  );
}

describe('lastmile profile on recordings it did not make', () => {
  it('a real 3D printer (sonic-pi-samples): scenario validates, spectrum within 1.5 dB a band on average', async () => {
    expect(
      existsSync(PRINTER),
      `${PRINTER} missing: apt-get install sonic-pi-samples (setup.sh does)`,
    ).toBe(true);
    const dir = await tempDir('profile-printer');
    const r = await profileRecording({
      recording: PRINTER,
      out: join(dir, 'printer.yaml'),
      snrs: [10, 0],
    });
    print('3D printer', r);
    expect(r.format).toMatch(/FLAC, 44100 Hz, 2 channels averaged/);
    expect(r.scenario!.conditions).toHaveLength(4);
    expect(r.profile.speech.likely).toBe(false);
    expect(r.profile.tones.length).toBeGreaterThan(0);
    expect(r.fidelity!.meanAbsDb).toBeLessThan(1.5);
    expect(Math.abs(r.fidelity!.overallDb)).toBeLessThan(1);
    for (const t of r.fidelity!.tones.filter((x) => x.frequency <= 4000)) {
      expect(t.model, `${t.frequency} Hz`).toBeDefined();
      expect(Math.abs(t.model!.level - t.level)).toBeLessThan(2);
    }
  });

  it('sox machinery in a sox room: the 1.2 s pump period within ±5 %, knocks as events, spectrum within 2 dB on average', async () => {
    const dir = await tempDir('profile-sox');
    const make = ['-n', '-r', '48000', '-c', '2'];
    sox([...make, 'bed.wav', 'synth', '20', 'brownnoise', 'vol', '0.3'], dir);
    sox(
      [...make, 'motor.wav', 'synth', '20', 'square', '100', 'vol', '0.05', 'lowpass', '1000'],
      dir,
    );
    sox(
      [
        ...make,
        'pump.wav',
        'synth',
        '0.3',
        'pinknoise',
        'vol',
        '0.3',
        'fade',
        'q',
        '0.02',
        '0.3',
        '0.05',
      ].concat(['pad', '0', '0.9', 'repeat', '16']),
      dir,
    );
    sox(
      [
        ...make,
        'knock.wav',
        'synth',
        '0.004',
        'whitenoise',
        'vol',
        '0.9',
        'pad',
        '1',
        '3.996',
        'repeat',
        '4',
      ],
      dir,
    );
    sox(['-m', 'bed.wav', 'motor.wav', 'pump.wav', 'knock.wav', 'mix.wav'], dir);
    sox(['mix.wav', 'machine-room.wav', 'reverb', '60', '50', '80', 'trim', '0', '20'], dir);
    const r = await profileRecording({
      recording: join(dir, 'machine-room.wav'),
      out: join(dir, 'machine.yaml'),
      snrs: [10],
    });
    print('sox machine room', r);
    expect(Math.abs(r.profile.bursts!.period! - 1.2) / 1.2).toBeLessThanOrEqual(0.05);
    expect(r.profile.impulses.events.length).toBeGreaterThan(0);
    expect(r.fidelity!.period!.model).toBeDefined();
    expect(Math.abs(r.fidelity!.period!.model! - 1.2) / 1.2).toBeLessThanOrEqual(0.05);
    expect(r.fidelity!.meanAbsDb).toBeLessThan(2);
  });
});
