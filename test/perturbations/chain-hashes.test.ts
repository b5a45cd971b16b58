import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chainHashes } from './chain-hashes.js';

/**
 * Speed work must not change what a chain outputs unless it says so: cached transcripts and
 * `lastmile reproduce` address perturbed audio by its hash. chain-hashes.json was made by the
 * code before the WebAssembly FFT convolution and the block-wise babble, mixing and noise (commit
 * bf065f4), and re-made when the convolution moved to float32 lanes and the AGC to our own
 * computation of the Web Audio compressor (every condition with reverb, eq or level agc:
 * bench/README.md, "Scenario chains"), and again when short clips' convolutions took real
 * transforms (every reverb condition, and eq on the shorter clip); every built-in scenario
 * condition must give those samples, bit for bit.
 */
/**
 * The same code gives other samples on another Node major for a few conditions: V8's Math.*
 * results are not bit-identical across versions, and the laptop AGC's gain curve goes through
 * them. Each runtime's output is pinned here. The Node 24 pins of laptop-agc (measured on
 * 24.21) were made by the code before the AGC left node-web-audio-api and V8's Math (its curve is
 * now float32 wasi-libc in src/wasm/c/compressor.c) and are gone with it; where Node 24 still
 * differs (the eq's FIR design and the convolution's twiddles take Math.cos/sin), pin it again.
 */
const BY_NODE_MAJOR: Record<string, Record<string, string>> = {};

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
