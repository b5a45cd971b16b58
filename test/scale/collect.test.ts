import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

// In a worker thread of its own, as the pool runs it (the flag it sets is process-wide).
const COLLECT = pathToFileURL(resolve('dist/src/run/pool/collect.js')).href;
const probe = `
  import { parentPort } from 'node:worker_threads';
  import { setTimeout as sleep } from 'node:timers/promises';
  const { deadAudioBound } = await import(${JSON.stringify(COLLECT)});
  const MB = 2 ** 20;
  const held = () => process.memoryUsage().arrayBuffers / MB;
  const collect = deadAudioBound(16 * MB);
  // 7.6 MB kept alive throughout, in arrays of a 3 s clip's length.
  const kept = Array.from({ length: 40 }, () => new Float32Array(50_000));
  const out = { kept: kept.length };
  collect(); // the first reading: what the thread keeps
  // 3.8 MB dead (held until now, so V8 cannot have collected it): below the bound, kept.
  let dying = Array.from({ length: 20 }, () => new Float32Array(50_000));
  dying = [];
  out.small = held();
  collect();
  await sleep(300);
  out.afterSmall = held();
  // 38 MB dead: past the bound, collected (V8 frees the buffers in the background).
  dying = Array.from({ length: 200 }, () => new Float32Array(50_000));
  dying = [];
  out.large = held();
  collect();
  await sleep(300);
  out.afterLarge = held();
  parentPort.postMessage({ ...out, dying: dying.length });
`;

describe('pool threads: dead audio bounded', () => {
  it('collects once 16 MB of dead audio has built up, and not for less', async () => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(probe)}`));
    const r = await new Promise<Record<string, number>>((done, fail) => {
      worker.once('message', done);
      worker.once('error', fail);
    });
    await worker.terminate();
    expect(r.small).toBeGreaterThan(11);
    expect(r.afterSmall).toBeGreaterThan(11);
    expect(r.large).toBeGreaterThan(45);
    expect(r.afterLarge).toBeLessThan(10);
  });
});
