import type { LineageGraph } from '../../src/lineage/lineage.types.js';

/** A lineage graph answer as the service writes it, nodes and edges possibly marked by a compare (`diff`). */
export type HarnessGraph = LineageGraph & {
  readonly nodes: readonly (LineageGraph['nodes'][number] & { diff?: 'added' | 'removed' })[];
  readonly edges: readonly (LineageGraph['edges'][number] & { diff?: 'added' | 'removed' })[];
};

export function generateGraph(options: { nodes: number; edges: number; seed?: number; diff?: boolean }): HarnessGraph;

export function startExplorerHarness(
  graph: HarnessGraph,
  options?: { nodeBudget?: number; embed?: boolean },
): Promise<{ readonly url: string; setGraph(graph: HarnessGraph): void; close(): Promise<void> }>;
