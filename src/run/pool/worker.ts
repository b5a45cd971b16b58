// A piscina worker thread of the DSP pool (src/run/pool/pool.ts): one PoolWork per thread, so
// each thread loads the scenarios and keeps its decoded-clip cache once.
import { workerData } from 'piscina';
import { type PoolSetup, type PoolTask, PoolWork } from './tasks.js';

const work = new PoolWork(workerData as PoolSetup);

export default function run(task: PoolTask) {
  return work.run(task);
}
