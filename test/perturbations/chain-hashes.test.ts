import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chainHashes } from './chain-hashes.js';

/**
 * Speed work must not change what a chain outputs: cached transcripts and `lastmile reproduce`
 * address perturbed audio by its hash. chain-hashes.json was made by the code before the
 * WebAssembly FFT convolution and the block-wise babble, mixing and noise (commit bf065f4);
 * every built-in scenario condition must still give those samples, bit for bit.
 */
/**
 * The same code gives other samples on another Node major for a few conditions: V8's Math.*
 * results are not bit-identical across versions, and the laptop AGC's gain curve goes through
 * them. Each runtime's output is pinned (measured on Node 24.21, the same over repeated runs).
 */
const BY_NODE_MAJOR: Record<string, Record<string, string>> = {
  '24': {
    'telehealth-room.yaml laptop-agc standard-s01-01': '2c2d781a7f943b9a61c4013500952a1b',
    'telehealth-room.yaml laptop-agc standard-s03-02': '147d557decba1610212ef2df10edfc2d',
  },
};

describe('every built-in scenario chain gives the same samples as before the speed work', () => {
  it('on two corpus clips, each sweep value apart (sha256 of the float32 output)', async () => {
    const expected = {
      ...(JSON.parse(readFileSync('test/perturbations/chain-hashes.json', 'utf8')) as Record<
        string,
        string
      >),
      ...BY_NODE_MAJOR[process.versions.node.split('.')[0]],
    };
    const actual = await chainHashes();
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    const changed = Object.keys(expected).filter((k) => actual[k] !== expected[k]);
    expect(changed).toEqual([]);
  });
});
