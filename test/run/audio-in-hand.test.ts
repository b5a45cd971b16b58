import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import type { Clip } from '../../src/corpus/types.js';
import type { CallOutcome, Dispatcher } from '../../src/dispatch/dispatcher.js';
import type { UtteranceRow } from '../../src/results/row.js';
import { type ClipContext, CONDITIONS_PER_TASK, runClip } from '../../src/run/clip.js';
import type { PlannedCondition } from '../../src/run/plan.js';
import type { DspPool, Perturbed } from '../../src/run/pool/pool.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A slow engine behind a fast pool: what runClip keeps in hand is counted from outside, as
 * perturb tasks started minus tasks whose every engine call has finished. The pool and the
 * dispatcher are fakes (mocks to observe the bound); the audio is a placeholder.
 */
describe('run: perturbed audio waits for a slow engine in bounded amounts (fake pool and engine)', () => {
  it('never more tasks in hand than `hold` allows, across clips in flight, and every unit written', async () => {
    const conditions: PlannedCondition[] = Array.from({ length: 16 }, (_, i) => ({
      name: `c${i}`,
      condition: { name: `c${i}` } as PlannedCondition['condition'],
    }));
    const taskOf = (condition: string) =>
      Math.floor(Number(condition.slice(1)) / CONDITIONS_PER_TASK);
    let inHand = 0;
    let most = 0;
    const pending = new Map<string, number>(); // clip|task → engine calls not finished
    const pool: DspPool = {
      threads: 2,
      async perturb(clipId, names) {
        inHand++;
        most = Math.max(most, inHand);
        pending.set(`${clipId}|${taskOf(names[0])}`, names.length * 2);
        return names.map(
          (): Perturbed => ({
            ok: true,
            audio: { samples: new Float32Array(16), sampleRate: 16_000 },
            wav: Buffer.alloc(76),
            audioSha256: 'a'.repeat(64),
            params: [],
            notes: {},
          }),
        );
      },
      score: async () => [],
      close: async () => undefined,
    };
    const engine = (id: string): Dispatcher =>
      ({
        engine: { id },
        stats: {},
        async call(input: { clipId: string; unit: string }): Promise<CallOutcome> {
          await sleep(2);
          const key = `${input.clipId}|${taskOf(input.unit.split('|')[0])}`;
          const left = pending.get(key)! - 1;
          pending.set(key, left);
          if (left === 0) inHand--;
          return { ok: true, text: 'x', cached: false, attempts: 1, latencyMs: 2 };
        },
      }) as unknown as Dispatcher;
    const rows: UtteranceRow[] = [];
    const context: ClipContext = {
      conditions,
      dispatchers: [engine('e1'), engine('e2')],
      isDone: () => false,
      pool,
      hold: pLimit(3),
      signal: new AbortController().signal,
      write: (row) => {
        rows.push(row);
        return row;
      },
      settle: async () => undefined,
      dsp: { perturbed: 0, remembered: 0 },
    };
    const clip = (i: number): Clip =>
      ({ id: `k${i}`, speaker: `s${i}`, labels: {}, text: 'a b', audioPath: 'x.wav' }) as Clip;
    await Promise.all([0, 1, 2].map((i) => runClip(clip(i), context)));
    expect(rows).toHaveLength(3 * 16 * 2);
    expect(new Set(rows.map((r) => r.unit)).size).toBe(3 * 16 * 2);
    expect(most).toBe(3);
    expect(inHand).toBe(0);
  });
});
