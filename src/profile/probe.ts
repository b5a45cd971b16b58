import { spawn } from 'node:child_process';
import { ffmpegPath } from '../dsp/ffmpeg.js';

export interface AudioFormat {
  readonly sampleRate: number;
  readonly channels: number;
  readonly codec: string;
}

/**
 * The file's own rate, channel count and codec, from ffmpeg's stream description (the decoders
 * lastmile reads with resample to a rate they are given, so the native rate has to be asked
 * for). Undefined when ffmpeg cannot tell.
 */
export function probeAudio(path: string): Promise<AudioFormat | undefined> {
  return new Promise((resolve) => {
    let bin: string;
    try {
      bin = ffmpegPath();
    } catch {
      resolve(undefined);
      return;
    }
    const child = spawn(bin, ['-hide_banner', '-nostdin', '-i', path], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let text = '';
    child.stderr.on('data', (d: Buffer) => {
      text += d;
    });
    child.on('error', () => resolve(undefined));
    child.on('close', () => resolve(parseStreamLine(text)));
  });
}

export function parseStreamLine(text: string): AudioFormat | undefined {
  const m = /Audio: ([\w-]+)[^,\n]*, (\d+) Hz, ([^,\n]+)/.exec(text);
  if (!m) return undefined;
  const layout = m[3].trim();
  const count = /^(\d+) channels/.exec(layout);
  const channels =
    layout === 'mono'
      ? 1
      : layout === 'stereo'
        ? 2
        : count
          ? Number(count[1])
          : layout.includes('5.1')
            ? 6
            : 2;
  return { sampleRate: Number(m[2]), channels, codec: m[1] };
}
