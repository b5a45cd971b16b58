import { execFileSync } from 'node:child_process';

/** One import as TypeScript resolved it: `from` imports `to` (paths relative to the checkout). */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

/**
 * Every import between the project's own files, type-only imports included, read from
 * `tsc --explainFiles` — the compiler's own module resolution, so `.js` specifiers that name
 * `.ts` files resolve exactly as the build resolves them. (dependency-cruiser and madge parse
 * TypeScript through the compiler's JavaScript API, which TypeScript 7 no longer ships.)
 */
export function projectImports(tsconfig = 'tsconfig.json'): ImportEdge[] {
  const out = execFileSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', tsconfig, '--noEmit', '--explainFiles'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const edges: ImportEdge[] = [];
  let file = '';
  for (const line of out.split('\n')) {
    if (!line.startsWith(' ')) file = line.trim();
    const m = /^\s+Imported via .* from file '(.+)'/.exec(line);
    if (m && !file.includes('node_modules') && !m[1].includes('node_modules')) {
      edges.push({ from: m[1], to: file });
    }
  }
  return edges;
}

/** The top-level part a file belongs to: `src/<folder>`, a file directly in `src/`, or its root folder. */
export function topLevelPart(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : file;
  return parts.length > 1 ? parts[0] : file;
}

/**
 * Groups of nodes that reach each other (strongly connected components of two or more; Tarjan's
 * algorithm), each with the edges that close it. Empty when the graph has no cycle.
 */
export function cycles(edges: readonly ImportEdge[]): { nodes: string[]; edges: ImportEdge[] }[] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (from === to) continue;
    if (!next.has(from)) next.set(from, new Set());
    next.get(from)!.add(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return found.map((nodes) => ({
    nodes,
    edges: edges.filter((e) => e.from !== e.to && nodes.includes(e.from) && nodes.includes(e.to)),
  }));
}
