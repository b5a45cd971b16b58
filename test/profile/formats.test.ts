import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeWav16 } from '../../src/audio/write.js';
import { profileRecording } from '../../src/profile/profile-recording.js';
import { profileLines } from '../../src/profile/text.js';
import { tempDir } from '../helpers/corpus.js';
import { RATE, wardLike } from './synth.js';

/**
 * The same room saved as a phone would (8 kHz MP3, mono) and as a field recorder would (48 kHz
 * stereo FLAC, and Ogg Vorbis), converted by ffmpeg — not by lastmile.
 */
describe('lastmile profile reads common rates, layouts and formats', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('profile-formats');
    await writeWav16(join(dir, 'room.wav'), { samples: wardLike(12), sampleRate: RATE });
    const convert = (args: string[]) => {
      const r = spawnSync(ffmpeg.path, [
        '-hide_banner',
        '-loglevel',
        'error',
        '-y',
        '-i',
        join(dir, 'room.wav'),
        ...args,
      ]);
      if (r.status !== 0) throw new Error(r.stderr.toString());
    };
    convert(['-ar', '8000', '-ac', '1', '-b:a', '32k', join(dir, 'phone.mp3')]);
    // The same signal on both channels (ffmpeg's default upmix would lower each by 3 dB).
    const stereo = ['-af', 'pan=stereo|c0=c0|c1=c0', '-ar', '48000'];
    convert([...stereo, join(dir, 'field.flac')]);
    convert([...stereo, '-c:a', 'libvorbis', '-q:a', '6', join(dir, 'field.ogg')]);
  });

  it('an 8 kHz MP3 phone recording: the 57 Hz hum and the alarm, and says nothing above 4 kHz is known', async () => {
    const r = await profileRecording({
      recording: join(dir, 'phone.mp3'),
      out: join(dir, 'phone.yaml'),
      snrs: [10],
    });
    expect(r.format).toMatch(/MPEG [\d.]+ Layer 3, 8000 Hz, mono/);
    expect(r.format).toMatch(/lossy codec/);
    expect(profileLines(r.profile).join('\n')).toMatch(/nothing above 4000 Hz is known/);
    const hum = r.profile.tones.find((s) => Math.abs(s.fundamental - 57) <= 1);
    expect(hum).toBeDefined();
    expect(Math.abs(hum!.partials[0].level - -30)).toBeLessThanOrEqual(2);
    expect(Math.abs(r.profile.bursts!.period! - 2.5)).toBeLessThanOrEqual(0.125);
    expect(Math.max(...r.profile.ltas.map((b) => b.centre))).toBeLessThanOrEqual(3150);
  });

  for (const file of ['field.flac', 'field.ogg'])
    it(`a 48 kHz stereo ${file.split('.')[1]}: channels averaged, hum within ±1 Hz and ±2 dB`, async () => {
      const r = await profileRecording({
        recording: join(dir, file),
        out: join(dir, `${file}.yaml`),
        snrs: [10],
      });
      expect(r.format).toMatch(/48000 Hz, 2 channels averaged to mono/);
      expect(r.profile.sampleRate).toBe(48000);
      const hum = r.profile.tones.find((s) => Math.abs(s.fundamental - 57) <= 1);
      expect(hum).toBeDefined();
      // Identical channels averaged keep the level.
      expect(Math.abs(hum!.partials[0].level - -30)).toBeLessThanOrEqual(2);
      expect(r.fidelity!.meanAbsDb).toBeLessThan(2);
    });
});
