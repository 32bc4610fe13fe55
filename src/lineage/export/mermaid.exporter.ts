import type { LineageGraph } from '../lineage.types.js';
import { oneLine, prepareGraph, transformationLabel, wellFormedUnicode } from './export-graph.js';

/**
 * Mermaid `flowchart LR`. Node ids are positional (`n0`, subgraphs `d0`), so
 * no name becomes syntax; every label is quoted and each character outside a
 * small safe set is written as a Mermaid entity code (`#34;`), which Mermaid
 * renders as the character itself, as text.
 */
const SAFE = /[A-Za-z0-9 _.,:/()+=@-]/;

export function mermaidText(text: string): string {
  let out = '';
  for (const ch of wellFormedUnicode(oneLine(text))) out += SAFE.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  return out;
}

export function exportMermaid(graph: LineageGraph): string {
  const g = prepareGraph(graph);
  const lines: string[] = ['flowchart LR'];
  if (g.fieldLevel) {
    for (const ds of g.datasets) {
      if (ds.fields.length === 0) continue;
      lines.push(`  subgraph ${ds.key}["${mermaidText(ds.dataset)}"]`);
      for (const f of ds.fields) lines.push(`    ${f.key}["${mermaidText(f.label)}"]`);
      lines.push('  end');
    }
    for (const n of g.nodes) if (n.node.type === 'dataset') lines.push(`  ${n.key}["${mermaidText(n.label)}"]`);
  } else {
    for (const n of g.nodes) lines.push(`  ${n.key}["${mermaidText(n.label)}"]`);
  }
  for (const e of g.edges) {
    const arrow = e.edge.transformationType === 'INDIRECT' ? '-.->' : '-->';
    lines.push(`  ${e.sourceKey} ${arrow}|"${mermaidText(transformationLabel(e.edge))}"| ${e.targetKey}`);
  }
  const root = g.nodes.find((n) => n.node.id === graph.root);
  if (root) {
    lines.push('  classDef root stroke-width:3px');
    lines.push(`  class ${root.key} root`);
  }
  return `${lines.join('\n')}\n`;
}
