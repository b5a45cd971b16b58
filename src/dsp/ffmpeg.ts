import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { UserError } from '../errors.js';

/**
 * The ffmpeg binary lastmile uses: `FFMPEG_PATH` when set, else the static build shipped by the
 * `@ffmpeg-installer/ffmpeg` package. Always run with an argument array over pipes — no shell,
 * no temporary files.
 */
export function ffmpegPath(): string {
  const fromEnv = process.env.FFMPEG_PATH;
  if (fromEnv) return fromEnv;
  try {
    return (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch (e) {
    throw new UserError(
      `no ffmpeg: set FFMPEG_PATH or install @ffmpeg-installer/ffmpeg (${(e as Error).message})`,
    );
  }
}

/** Runs ffmpeg with `args`, writes `input` to its stdin, resolves with its stdout. */
export function runFfmpeg(args: readonly string[], input: Uint8Array): Promise<Buffer> {
  const bin = ffmpegPath();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) =>
      reject(new UserError(`cannot run ffmpeg at ${bin}: ${e.message} (set FFMPEG_PATH)`)),
    );
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else
        reject(
          new Error(
            `ffmpeg ${args.join(' ')} exited with ${code}: ${Buffer.concat(err).toString().trim()}`,
          ),
        );
    });
    // EPIPE when ffmpeg exits early is reported through 'close' with its message instead.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

let encoders: Promise<Set<string>> | undefined;

/** Names of the audio encoders the binary was built with (cached per process). */
export function ffmpegEncoders(): Promise<Set<string>> {
  encoders ??= runFfmpeg(['-encoders'], new Uint8Array(0)).then((text) => {
    const names = new Set<string>();
    for (const line of text.toString().split('\n')) {
      const m = /^\s*A[.A-Z]{5}\s+(\S+)/.exec(line);
      if (m) names.add(m[1]);
    }
    return names;
  });
  return encoders;
}

/** Throws a user error naming the encoder and binary when `name` is not built in. */
export async function requireEncoder(name: string, codec: string): Promise<void> {
  const have = await ffmpegEncoders();
  if (!have.has(name)) {
    throw new UserError(
      `codec ${codec} needs the ffmpeg encoder "${name}", which ${ffmpegPath()} was not built with; point FFMPEG_PATH at an ffmpeg that has it (ffmpeg -encoders lists them)`,
    );
  }
}

/** Float samples to 16-bit little-endian PCM bytes (rounded, saturated). */
export function toS16le(samples: Float32Array): Buffer {
  const buf = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round(samples[i] * 32768);
    buf.writeInt16LE(v > 32767 ? 32767 : v < -32768 ? -32768 : v, 2 * i);
  }
  return buf;
}

export function fromS16le(bytes: Buffer): Float32Array {
  const n = Math.floor(bytes.length / 2);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = bytes.readInt16LE(2 * i) / 32768;
  return out;
}
