import { randomUUID } from 'node:crypto';
import { BroadcastChannel, threadId } from 'node:worker_threads';
import { AudioReadError, readAudio } from '../../audio/read.js';
import type { Audio } from '../../audio/types.js';
import { type ClipReader, corpusAccess } from '../../corpus/access.js';
import type { Clip, CorpusAccess } from '../../corpus/types.js';

/**
 * One store of babble's talker clips for all of a pool's threads, kept by the main thread in
 * shared memory. Each thread used to decode and keep its own 16 MiB of them: babble draws its
 * talkers from the whole corpus, so a thread decoded about one clip per unit (1,150 decodes
 * for 1,260 units of bench/scale-pool.ts), and every thread held its own copy of the same
 * clips. Now a talker's clip is decoded once, into a SharedArrayBuffer, and every thread reads
 * the same samples; a thread keeps views of the clips it used last (which hold the store's
 * memory, not more of their own) so babble's per-clip measurements stay with them. The clean
 * clip being perturbed is not stored here (PoolWork keeps its last few itself): an LRU of
 * clean clips fills as the corpus grows, and memory with it.
 *
 * Shared samples are read by every thread at once: no perturbation writes into its input
 * (the clean clip and a talker were already shared between conditions within a thread).
 */
export const SHARED_BUDGET = 48 * 1024 * 1024;

interface ClipRequest {
  readonly kind: 'load';
  readonly from: number;
  readonly seq: number;
  readonly id: string;
  readonly sampleRate: number;
}

type ClipReply =
  | {
      readonly kind: 'clip';
      readonly to: number;
      readonly seq: number;
      readonly samples: Float32Array;
      readonly sampleRate: number;
    }
  | {
      readonly kind: 'error';
      readonly to: number;
      readonly seq: number;
      readonly path?: string;
      readonly message: string;
    };

/** The main thread's side: answers the threads' requests from one store. Close it with the pool. */
export function serveClips(clips: readonly Clip[], budgetBytes = SHARED_BUDGET) {
  const name = `lastmile-clips-${randomUUID()}`;
  const channel = new BroadcastChannel(name);
  const stores = new Map<number, CorpusAccess>();
  const storeAt = (rate: number) => {
    let store = stores.get(rate);
    if (!store) {
      store = corpusAccess(clips as Clip[], rate, budgetBytes, readShared);
      stores.set(rate, store);
    }
    return store;
  };
  channel.onmessage = (event) => {
    const request = (event as MessageEvent<ClipRequest>).data;
    if (request?.kind !== 'load') return;
    const { from: to, seq } = request;
    storeAt(request.sampleRate)
      .load(request.id)
      .then(
        (audio) => post(channel, { kind: 'clip', to, seq, ...audio }),
        (e: Error) =>
          post(channel, {
            kind: 'error',
            to,
            seq,
            message: e instanceof AudioReadError ? e.reason : e.message,
            ...(e instanceof AudioReadError && { path: e.path }),
          }),
      );
  };
  return { name, close: () => channel.close() };
}

function post(channel: BroadcastChannel, reply: ClipReply) {
  channel.postMessage(reply);
}

/** Decodes as a thread would, then moves the samples into memory every thread can read. */
async function readShared(clip: Clip, sampleRate: number): Promise<Audio> {
  const audio = await readAudio(clip.audioPath, sampleRate);
  const samples = new Float32Array(new SharedArrayBuffer(audio.samples.byteLength));
  samples.set(audio.samples);
  return { samples, sampleRate: audio.sampleRate };
}

/**
 * A pool thread's side: a ClipReader that asks the main thread's store. The channel does not
 * keep the thread alive; a request outstanding does (the task awaiting it).
 */
export function clipsFrom(name: string): ClipReader {
  const channel = new BroadcastChannel(name);
  channel.unref();
  const pending = new Map<number, { resolve(a: Audio): void; reject(e: Error): void }>();
  let seq = 0;
  channel.onmessage = (event) => {
    const reply = (event as MessageEvent<ClipReply>).data;
    if (reply?.to !== threadId) return;
    const waiting = pending.get(reply.seq);
    if (!waiting) return;
    pending.delete(reply.seq);
    if (pending.size === 0) channel.unref();
    if (reply.kind === 'clip')
      waiting.resolve({ samples: reply.samples, sampleRate: reply.sampleRate });
    else
      waiting.reject(
        reply.path !== undefined
          ? new AudioReadError(reply.path, reply.message)
          : new Error(reply.message),
      );
  };
  return (clip, sampleRate) =>
    new Promise<Audio>((resolve, reject) => {
      const request: ClipRequest = {
        kind: 'load',
        from: threadId,
        seq: ++seq,
        id: clip.id,
        sampleRate,
      };
      pending.set(request.seq, { resolve, reject });
      channel.ref();
      channel.postMessage(request);
    });
}
