import { describe, expect, it, vi } from 'vitest';
import { checkScenarioCodecs, scenarioCodecBackends } from '../../src/codecs/needed.js';
import { loadScenario } from '../../src/scenario/load.js';

// FAULT INJECTED: amrnb.wasm "fails to compile", as a corrupt or missing file would.
vi.mock('../../src/wasm/load.js', async (original) => {
  const real = await original<typeof import('../../src/wasm/load.js')>();
  return {
    ...real,
    loadWasm: (file: string) => {
      if (file === 'amrnb.wasm') throw new Error('amrnb.wasm: invalid WebAssembly (injected)');
      return real.loadWasm(file);
    },
  };
});

describe('a codec that cannot load (FAULT INJECTED: loading amrnb.wasm throws)', () => {
  it("validate's check names the codec and the reason; the other codecs of the scenario pass", async () => {
    const scenario = await loadScenario('scenarios/mobile-call.yaml');
    expect(await checkScenarioCodecs(scenario)).toEqual([
      'codec amr-nb cannot be loaded: amrnb.wasm: invalid WebAssembly (injected)',
    ]);
  });

  it('a run stops at its fingerprint, before any audio, naming the scenario file and the codec', async () => {
    const scenario = await loadScenario('scenarios/mobile-call.yaml');
    await expect(scenarioCodecBackends([scenario])).rejects.toThrow(
      /mobile-call\.yaml: codec amr-nb cannot be loaded/,
    );
  });
});
