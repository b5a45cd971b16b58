import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import { describe, expect, it } from 'vitest';
import wavefile from 'wavefile';
import { AudioReadError, readAudio } from '../../src/audio/read.js';
import { encodeWav16 } from '../../src/audio/write.js';

const dir = mkdtempSync(join(tmpdir(), 'lastmile-read-'));

/** A 440 Hz sine at amplitude 0.5 lasting 0.5 s, per channel phase-shifted so downmix is testable. */
function sine(rate: number, channels: number, seconds = 0.5): number[][] {
  const n = Math.round(rate * seconds);
  return Array.from({ length: channels }, () =>
    Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / rate)),
  );
}

function writeWav(name: string, rate: number, channels: number, bitDepth: string): string {
  const data = sine(rate, channels);
  const scaled = data.map((ch) =>
    ch.map((x) => {
      if (bitDepth === '32f' || bitDepth === '64') return x;
      const bits = Number(bitDepth);
      if (bits === 8) return Math.round(x * 127 + 128);
      return Math.round(x * (2 ** (bits - 1) - 1));
    }),
  );
  const wav = new wavefile.WaveFile();
  wav.fromScratch(channels, rate, bitDepth, channels === 1 ? scaled[0] : scaled);
  const path = join(dir, name);
  writeFileSync(path, wav.toBuffer());
  return path;
}

/** Expected 16 kHz samples of the same sine (band-limited resampling preserves it). */
function expected16k(length: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 16000));
}

function maxErrorAwayFromEdges(a: Float32Array, b: Float32Array): number {
  let max = 0;
  const margin = 200; // the resampler's kernel reaches past the clip's ends
  for (let i = margin; i < Math.min(a.length, b.length) - margin; i++)
    max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe('readAudio: WAV layouts', () => {
  const layouts: [string, number][] = [
    ['8', 1],
    ['16', 1],
    ['24', 1],
    ['32', 1],
    ['32f', 1],
    ['64', 1],
    ['16', 2],
    ['24', 6],
  ];
  for (const rate of [8000, 16000, 22050, 44100, 48000]) {
    for (const [bitDepth, channels] of layouts) {
      it(`${bitDepth}-bit, ${channels} channel(s), ${rate} Hz reads as the same 16 kHz mono sine`, async () => {
        const path = writeWav(`sine-${bitDepth}-${channels}-${rate}.wav`, rate, channels, bitDepth);
        const audio = await readAudio(path);
        expect(audio.sampleRate).toBe(16000);
        expect(audio.samples.length).toBe(Math.round(0.5 * 16000));
        // 8-bit quantisation is coarse (1/128); everything else is far below audibility.
        const tolerance = bitDepth === '8' ? 0.01 : 1e-3;
        expect(
          maxErrorAwayFromEdges(audio.samples, expected16k(audio.samples.length)),
        ).toBeLessThan(tolerance);
      });
    }
  }

  it('keeps the native rate when asked for it', async () => {
    const path = writeWav('native.wav', 44100, 1, '16');
    const audio = await readAudio(path, 44100);
    expect(audio.samples.length).toBe(22050);
  });
});

describe('readAudio: compressed formats (decoded by node-web-audio-api)', () => {
  const source = join(dir, 'source.wav');
  writeFileSync(source, encodeWav16({ samples: expected16k(16000), sampleRate: 16000 }));
  for (const [ext, args] of [
    ['flac', ['-c:a', 'flac']],
    ['mp3', ['-c:a', 'libmp3lame', '-b:a', '128k']],
    ['ogg', ['-c:a', 'libvorbis', '-q:a', '6']],
  ] as const) {
    it(`${ext} decodes to the sine it holds`, async () => {
      const out = join(dir, `sine.${ext}`);
      const r = spawnSync(ffmpeg.path, ['-v', 'error', '-y', '-i', source, ...args, out]);
      expect(r.status, r.stderr.toString()).toBe(0);
      const audio = await readAudio(out);
      expect(audio.sampleRate).toBe(16000);
      // Lossy codecs pad and delay; find the best alignment within 3000 samples, then compare.
      const ref = expected16k(audio.samples.length + 4000);
      let best = 0;
      for (let lag = 0; lag < 3000; lag++) {
        let dot = 0;
        let e1 = 0;
        let e2 = 0;
        for (let i = 4000; i < 12000; i++) {
          dot += audio.samples[i] * ref[i - lag + 3000];
          e1 += audio.samples[i] ** 2;
          e2 += ref[i - lag + 3000] ** 2;
        }
        best = Math.max(best, dot / Math.sqrt(e1 * e2));
      }
      expect(best).toBeGreaterThan(0.999);
    });
  }
});

describe('readAudio: bad files name the path and the reason', () => {
  it('missing', async () => {
    const path = join(dir, 'nope.wav');
    await expect(readAudio(path)).rejects.toThrow(new AudioReadError(path, 'file not found'));
  });
  it('empty', async () => {
    const path = join(dir, 'empty.wav');
    writeFileSync(path, '');
    await expect(readAudio(path)).rejects.toThrow(`${path}: file is empty`);
  });
  it('truncated WAV', async () => {
    const full = encodeWav16({ samples: expected16k(8000), sampleRate: 16000 });
    const path = join(dir, 'truncated.wav');
    writeFileSync(path, full.subarray(0, 5000));
    await expect(readAudio(path)).rejects.toThrow(
      `${path}: truncated WAV: header declares 16000 bytes of audio, file holds 4956`,
    );
  });
  it('not audio', async () => {
    const path = join(dir, 'notes.flac');
    writeFileSync(
      path,
      'these are not audio bytes, just text that pretends to be a clip\n'.repeat(20),
    );
    const error = await readAudio(path).catch((e) => e);
    expect(error).toBeInstanceOf(AudioReadError);
    expect(error.message).toMatch(new RegExp(`^${path}: not a recognised audio file`));
  });
});
