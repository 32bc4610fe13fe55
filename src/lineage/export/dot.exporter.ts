import type { LineageGraph } from '../lineage.types.js';
import { oneLine, prepareGraph, wellFormedUnicode } from './export-graph.js';

/**
 * Graphviz DOT. Node ids are positional (`n0`), field graphs get one
 * `cluster_<n>` per dataset, edges carry the transformation subtype as label
 * and INDIRECT edges are dashed. Labels are quoted strings: backslashes and
 * quotes are escaped (so `\N`, `\G`… escapes cannot expand), `&` is written
 * as `&amp;` (Graphviz decodes entities in labels), line breaks become spaces.
 */
export function dotString(text: string): string {
  const escaped = wellFormedUnicode(oneLine(text)).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/&/g, '&amp;');
  return `"${escaped}"`;
}

export function exportDot(graph: LineageGraph): string {
  const g = prepareGraph(graph);
  const lines: string[] = [
    'digraph lineage {',
    '  rankdir=LR;',
    '  graph [fontname="Helvetica", fontsize=11];',
    '  node [shape=box, style="rounded", fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const nodeLine = (key: string, label: string, isRoot: boolean, indent: string): string =>
    `${indent}${key} [label=${dotString(label)}${isRoot ? ', style="rounded,bold,filled", fillcolor="#fff3c4"' : ''}];`;
  if (g.fieldLevel) {
    g.datasets.forEach((ds, i) => {
      if (ds.fields.length === 0) return;
      lines.push(`  subgraph cluster_${i} {`);
      lines.push(`    label=${dotString(ds.dataset)};`);
      lines.push('    style="rounded"; color="#8c8c8c";');
      for (const f of ds.fields) lines.push(nodeLine(f.key, f.label, f.node.id === graph.root, '    '));
      lines.push('  }');
    });
    for (const n of g.nodes) if (n.node.type === 'dataset') lines.push(nodeLine(n.key, n.label, n.node.id === graph.root, '  '));
  } else {
    for (const n of g.nodes) lines.push(nodeLine(n.key, n.label, n.node.id === graph.root, '  '));
  }
  for (const e of g.edges) {
    const label = e.edge.transformationSubtype ? String(e.edge.transformationSubtype) : e.edge.transformationType;
    const style = e.edge.transformationType === 'INDIRECT' ? ', style=dashed' : '';
    lines.push(`  ${e.sourceKey} -> ${e.targetKey} [label=${dotString(label)}${style}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
