import { describe, expect, it } from 'vitest';
import { cycles, type ImportEdge, projectImports, topLevelPart } from '../helpers/import-graph.js';

// Biome's noImportCycles fails lint on a cycle between files; this test fails on one between the
// top-level parts of the tree (src/<folder>, perturbations/, bench/), which no file cycle shows.
describe('import graph', () => {
  const files = projectImports();
  const folders = files.map((e) => ({ from: topLevelPart(e.from), to: topLevelPart(e.to) }));

  it('is read from the compiler (a known import and a type-only import are present)', () => {
    const has = (from: string, to: string) => files.some((e) => e.from === from && e.to === to);
    expect(has('perturbations/noise.ts', 'src/perturbation/types.ts')).toBe(true);
    expect(has('src/perturbation/types.ts', 'src/audio/types.ts')).toBe(true);
  });

  it('finds a cycle when there is one', () => {
    const edges: ImportEdge[] = [
      { from: 'src/a', to: 'src/b' },
      { from: 'src/b', to: 'src/c' },
      { from: 'src/c', to: 'src/a' },
      { from: 'src/c', to: 'src/d' },
    ];
    expect(cycles(edges).map((c) => c.nodes)).toEqual([['src/a', 'src/b', 'src/c']]);
  });

  it('has no cycle between top-level folders', () => {
    const found = cycles(folders).map(({ nodes }) => {
      const evidence = files.filter(
        (e) =>
          topLevelPart(e.from) !== topLevelPart(e.to) &&
          nodes.includes(topLevelPart(e.from)) &&
          nodes.includes(topLevelPart(e.to)),
      );
      return `${nodes.join(' ⇄ ')}:\n${evidence.map((e) => `  ${e.from} → ${e.to}`).join('\n')}`;
    });
    expect(found, found.join('\n')).toEqual([]);
  });

  it('has no cycle between files', () => {
    expect(cycles(files).map((c) => c.nodes)).toEqual([]);
  });
});
