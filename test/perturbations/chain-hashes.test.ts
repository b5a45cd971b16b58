import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chainHashes } from './chain-hashes.js';

/**
 * Speed work must not change what a chain outputs: cached transcripts and `lastmile reproduce`
 * address perturbed audio by its hash. chain-hashes.json was made by the code before the
 * WebAssembly FFT convolution and the block-wise babble, mixing and noise (commit bf065f4);
 * every built-in scenario condition must still give those samples, bit for bit.
 */
describe('every built-in scenario chain gives the same samples as before the speed work', () => {
  it('on two corpus clips, each sweep value apart (sha256 of the float32 output)', async () => {
    const expected = JSON.parse(
      readFileSync('test/perturbations/chain-hashes.json', 'utf8'),
    ) as Record<string, string>;
    const actual = await chainHashes();
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    const changed = Object.keys(expected).filter((k) => actual[k] !== expected[k]);
    expect(changed).toEqual([]);
  });
});
