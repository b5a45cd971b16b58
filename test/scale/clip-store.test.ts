import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioReadError, readAudio } from '../../src/audio/read.js';
import { loadCorpus } from '../../src/corpus/load.js';
import type { Clip } from '../../src/corpus/types.js';
import { clipsFrom, serveClips } from '../../src/run/pool/clip-channel.js';
import { BUNDLED, tempDir } from '../helpers/corpus.js';

// The store the pool's threads share (src/run/pool/clip-channel.ts), exercised on one thread:
// a second BroadcastChannel of the same name hears the server as a pool thread would.
describe('the shared decoded-clip store of the pool', () => {
  let clips: Clip[];
  let server: ReturnType<typeof serveClips>;

  beforeAll(async () => {
    const dir = await tempDir('clip-store');
    const corpus = await loadCorpus(BUNDLED);
    clips = [
      ...corpus.clips.slice(0, 3),
      { ...corpus.clips[0], id: 'gone', audioPath: join(dir, 'gone.flac') },
    ];
    server = serveClips(clips);
  });
  afterAll(() => server?.close());

  it('gives the samples a decode here gives, in memory every reader shares (one decode)', async () => {
    const a = clipsFrom(server.name);
    const b = clipsFrom(server.name);
    const [x, y] = await Promise.all([a(clips[1], 16000), b(clips[1], 16000)]);
    const local = await readAudio(clips[1].audioPath, 16000);
    expect(x.sampleRate).toBe(16000);
    expect(x.samples.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(x.samples.buffer).equals(Buffer.from(local.samples.buffer))).toBe(true);
    // Written through one reader's view, seen through the other's: the same memory, so the
    // clip was decoded once, not once per reader.
    const kept = x.samples[100];
    x.samples[100] = 7;
    expect(y.samples[100]).toBe(7);
    x.samples[100] = kept;
    // Another rate is another decode, at that rate.
    const slow = await a(clips[1], 8000);
    expect(slow.sampleRate).toBe(8000);
    expect(slow.samples.length).toBe(Math.round(local.samples.length / 2));
  });

  it('an unreadable clip comes back as the decode error, naming the file', async () => {
    const read = clipsFrom(server.name);
    const error = await read(clips[3], 16000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AudioReadError);
    expect((error as AudioReadError).message).toContain('gone.flac');
    expect((error as AudioReadError).message).toContain('file not found');
  });
});
