// A piscina worker thread of the DSP pool (src/run/pool/pool.ts): one PoolWork per thread, so
// each thread loads the scenarios and keeps its decoded-clip cache once.
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { deadAudioBound } from './collect.js';
import { type PerturbResult, type PoolSetup, type PoolTask, PoolWork } from './tasks.js';

const work = new PoolWork(workerData as PoolSetup);
const collect = deadAudioBound();
// Collected only when the thread has waited IDLE_MS for its next task: a run waiting on its
// engines leaves the threads idle between tasks, and the collection costs no core anyone
// wanted; a run the DSP keeps busy sends the next task first and pays nothing (V8 still
// collects at its own limit). Needs piscina's `atomics: 'async'`: a thread blocked in
// Atomics.wait runs no timer.
const IDLE_MS = 100;
let idle: NodeJS.Timeout | undefined;

export default async function run(task: PoolTask) {
  clearTimeout(idle);
  try {
    if (task.kind !== 'perturb') return work.run(task);
    return move(transferred(await work.perturb(task)));
  } finally {
    idle = setTimeout(collect, IDLE_MS).unref();
  }
}

/**
 * The results with their WAVs moved to the main thread, not cloned (a clone copies each
 * buffer twice). The WAV's buffer is the encoder's own, made for this result. The float
 * samples stay here: the main thread reads the WAV's (src/audio/wav16-audio.ts), which
 * halves the audio crossing threads and the buffers the main thread's collector tracks.
 */
function transferred(results: PerturbResult[]) {
  const buffers: ArrayBuffer[] = [];
  for (const r of results) {
    if (!r.ok) continue;
    const { wav } = r;
    if (wav.byteOffset === 0 && wav.byteLength === wav.buffer.byteLength)
      buffers.push(wav.buffer as ArrayBuffer);
  }
  return {
    get [transferableSymbol]() {
      return buffers;
    },
    get [valueSymbol]() {
      return results;
    },
  };
}
