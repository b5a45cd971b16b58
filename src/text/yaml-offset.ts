import { type Document, isMap, isPair, isScalar } from 'yaml';

export type YamlPath = readonly (string | number)[];

/**
 * Where in a parsed YAML document the node at `path` starts (a character offset for a
 * LineCounter), or — with `key` — where that key of the mapping at `path` is written. A path
 * that leaves the document stops at the deepest node that exists, so a message always points
 * somewhere near its cause.
 */
export function yamlOffset(doc: Document, path: YamlPath, key?: string): number {
  let node: unknown = doc.contents;
  const rangeOf = (n: unknown) => (n as { range?: [number, number, number] }).range?.[0];
  let offset = rangeOf(node) ?? 0;
  const keyOffset = (map: unknown, name: string | number) => {
    if (!isMap(map)) return undefined;
    const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === name);
    return pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
  };
  for (const part of path) {
    if (!node || typeof node !== 'object') break;
    const next = (node as { get?: (k: string | number, keep: boolean) => unknown }).get?.(
      part,
      true,
    );
    if (next === undefined) return keyOffset(node, part) ?? offset;
    node = next;
    offset = rangeOf(node) ?? offset;
  }
  return key === undefined ? offset : (keyOffset(node, key) ?? offset);
}
