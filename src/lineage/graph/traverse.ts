import type { Csr } from './lineage-index.js';

export type WalkDirection = 'upstream' | 'downstream' | 'both';

export interface WalkResult {
  /** Node ids in visit order with their depth (0 = start). */
  readonly nodes: { id: number; depth: number }[];
  /** Links crossed as stored (source → target): [edge index or -1, from, to]. */
  readonly links: [number, number, number][];
  /** True when the node cap stopped the walk. */
  readonly truncated: boolean;
}

/**
 * Breadth-first, depth-bounded, cycle-safe walk over CSR adjacency. Pure.
 * `forward` follows source → target (downstream), `backward` the reverse;
 * `both` is the union of the upstream and the downstream walks (not the
 * whole connected component). `accept(edge)` filters edges.
 */
export function walk(
  start: number,
  forward: Csr,
  backward: Csr,
  direction: WalkDirection,
  maxDepth: number,
  nodeCap: number,
  accept: (edge: number) => boolean = () => true,
): WalkResult {
  const depth = new Map<number, number>([[start, 0]]);
  const nodes = [{ id: start, depth: 0 }];
  const links: [number, number, number][] = [];
  const seenLinks = new Set<string>();
  let truncated = false;
  const passes: [Csr, boolean][] = [];
  if (direction !== 'upstream') passes.push([forward, true]);
  if (direction !== 'downstream') passes.push([backward, false]);
  for (const [csr, isForward] of passes) {
    const seen = new Set<number>([start]);
    let frontier = [start];
    for (let d = 1; d <= maxDepth && frontier.length > 0; d++) {
      const next: number[] = [];
      for (const node of frontier) {
        for (let i = csr.offsets[node]; i < csr.offsets[node + 1]; i++) {
          const edge = csr.edges[i];
          if (edge >= 0 && !accept(edge)) continue;
          const other = csr.targets[i];
          if (!seen.has(other)) {
            if (!depth.has(other)) {
              if (nodes.length >= nodeCap) {
                truncated = true;
                continue;
              }
              depth.set(other, d);
              nodes.push({ id: other, depth: d });
            }
            seen.add(other);
            next.push(other);
          }
          const from = isForward ? node : other;
          const to = isForward ? other : node;
          const k = edge >= 0 ? `e${edge}` : `${from}>${to}`;
          if (!seenLinks.has(k)) {
            seenLinks.add(k);
            links.push([edge, from, to]);
          }
        }
      }
      frontier = next;
    }
  }
  return { nodes, links, truncated };
}
