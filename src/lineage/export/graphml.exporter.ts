import type { LineageGraph } from '../lineage.types.js';
import { prepareGraph, wellFormedUnicode } from './export-graph.js';

/**
 * GraphML (http://graphml.graphdrawing.org/): key declarations for every
 * node and edge attribute, positional node ids (`n0`), the lineage node id
 * kept as the `nodeId` attribute. Text is XML-escaped; characters XML 1.0
 * cannot carry (control characters, lone surrogates) become U+FFFD.
 */
export function xmlText(text: string): string {
  return (
    wellFormedUnicode(text)
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      .replace(/\r/g, '&#13;')
      .replace(/\n/g, '&#10;')
      .replace(/\t/g, '&#9;')
  );
}

interface Key {
  readonly id: string;
  readonly for: 'node' | 'edge' | 'graph';
  readonly name: string;
  readonly type: 'string' | 'int' | 'double' | 'boolean';
}

const KEYS: readonly Key[] = [
  { id: 'g_root', for: 'graph', name: 'root', type: 'string' },
  { id: 'g_direction', for: 'graph', name: 'direction', type: 'string' },
  { id: 'g_maxDepth', for: 'graph', name: 'maxDepth', type: 'int' },
  { id: 'g_truncated', for: 'graph', name: 'truncated', type: 'boolean' },
  { id: 'n_label', for: 'node', name: 'label', type: 'string' },
  { id: 'n_nodeId', for: 'node', name: 'nodeId', type: 'string' },
  { id: 'n_type', for: 'node', name: 'type', type: 'string' },
  { id: 'n_namespace', for: 'node', name: 'namespace', type: 'string' },
  { id: 'n_dataset', for: 'node', name: 'dataset', type: 'string' },
  { id: 'n_field', for: 'node', name: 'field', type: 'string' },
  { id: 'n_depth', for: 'node', name: 'depth', type: 'int' },
  { id: 'e_label', for: 'edge', name: 'label', type: 'string' },
  { id: 'e_transformationType', for: 'edge', name: 'transformationType', type: 'string' },
  { id: 'e_transformationSubtype', for: 'edge', name: 'transformationSubtype', type: 'string' },
  { id: 'e_description', for: 'edge', name: 'description', type: 'string' },
  { id: 'e_confidence', for: 'edge', name: 'confidence', type: 'double' },
  { id: 'e_masking', for: 'edge', name: 'masking', type: 'boolean' },
];

function data(key: string, value: string | number | boolean | undefined | null, indent: string): string[] {
  if (value === undefined || value === null) return [];
  return [`${indent}<data key="${key}">${xmlText(String(value))}</data>`];
}

export function exportGraphml(graph: LineageGraph): string {
  const g = prepareGraph(graph);
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '    xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const k of KEYS) lines.push(`  <key id="${k.id}" for="${k.for}" attr.name="${k.name}" attr.type="${k.type}"/>`);
  lines.push('  <graph id="lineage" edgedefault="directed">');
  lines.push(...data('g_root', graph.root, '    '), ...data('g_direction', graph.direction, '    '));
  lines.push(...data('g_maxDepth', graph.maxDepth, '    '), ...data('g_truncated', graph.truncated, '    '));
  for (const n of g.nodes) {
    lines.push(`    <node id="${n.key}">`);
    lines.push(
      ...data('n_label', n.label, '      '),
      ...data('n_nodeId', n.node.id, '      '),
      ...data('n_type', n.node.type, '      '),
      ...data('n_namespace', n.node.namespace, '      '),
      ...data('n_dataset', n.node.dataset, '      '),
      ...data('n_field', n.node.field, '      '),
      ...data('n_depth', n.node.depth, '      '),
    );
    lines.push('    </node>');
  }
  g.edges.forEach((e, i) => {
    lines.push(`    <edge id="e${i}" source="${e.sourceKey}" target="${e.targetKey}">`);
    lines.push(
      ...data('e_label', e.edge.transformationSubtype || e.edge.transformationType, '      '),
      ...data('e_transformationType', e.edge.transformationType, '      '),
      ...data('e_transformationSubtype', e.edge.transformationSubtype, '      '),
      ...data('e_description', e.edge.description, '      '),
      ...data('e_confidence', e.edge.confidence, '      '),
      ...data('e_masking', e.edge.masking, '      '),
    );
    lines.push('    </edge>');
  });
  lines.push('  </graph>', '</graphml>');
  return `${lines.join('\n')}\n`;
}
