import { datasetNodeId } from '../../model/ids.js';
import type { LineageGraph } from '../lineage.types.js';
import { prepareGraph, wellFormedUnicode } from './export-graph.js';

/**
 * Cypher for Neo4j: uniqueness constraints, then MERGE statements for
 * (:Dataset) and (:Field) nodes keyed on the lineage node id, (:Dataset)-[:HAS_FIELD]->(:Field),
 * and [:DERIVES] relationships keyed on the transformation with their other
 * properties SET, one statement per line ending in `;` (cypher-shell, Neo4j
 * Browser). Re-running the script changes nothing. Every value is a
 * single-quoted literal: backslash, quotes, control characters and `;` are
 * escaped (`;` as \u003B, so even a naive split on `;` stays correct); no
 * name is ever written into a comment, a label or a property key.
 */
export function cypherString(text: string): string {
  let out = "'";
  for (const ch of wellFormedUnicode(text)) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === ';' || code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}'`;
}

function cypherValue(value: string | number | boolean): string {
  if (typeof value === 'string') return cypherString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return value ? 'true' : 'false';
}

export function exportCypher(graph: LineageGraph): string {
  const g = prepareGraph(graph);
  const lines: string[] = [
    '// Lineage graph for Neo4j: run with cypher-shell -f lineage.cypher, or paste into Neo4j Browser.',
    'CREATE CONSTRAINT lineage_dataset_id IF NOT EXISTS FOR (n:Dataset) REQUIRE n.id IS UNIQUE;',
    'CREATE CONSTRAINT lineage_field_id IF NOT EXISTS FOR (n:Field) REQUIRE n.id IS UNIQUE;',
  ];
  const s = cypherString;
  for (const ds of g.datasets) {
    const id = datasetNodeId(ds.namespace, ds.dataset);
    lines.push(`MERGE (d:Dataset {id: ${s(id)}}) SET d.namespace = ${s(ds.namespace)}, d.name = ${s(ds.dataset)};`);
  }
  const labelOf = new Map<string, 'Dataset' | 'Field'>();
  for (const n of g.nodes) {
    if (n.node.type === 'dataset') {
      labelOf.set(n.key, 'Dataset');
      lines.push(`MATCH (d:Dataset {id: ${s(n.node.id)}}) SET d.depth = ${cypherValue(n.node.depth)};`);
      continue;
    }
    labelOf.set(n.key, 'Field');
    lines.push(
      `MERGE (f:Field {id: ${s(n.node.id)}}) SET f.namespace = ${s(n.node.namespace)}, f.dataset = ${s(n.node.dataset)}, f.name = ${s(n.label)}, f.depth = ${cypherValue(n.node.depth)};`,
    );
    lines.push(`MATCH (d:Dataset {id: ${s(datasetNodeId(n.node.namespace, n.node.dataset))}}), (f:Field {id: ${s(n.node.id)}}) MERGE (d)-[:HAS_FIELD]->(f);`);
  }
  const idOf = new Map(g.nodes.map((n) => [n.key, n.node.id]));
  for (const e of g.edges) {
    const sets: string[] = [];
    if (e.edge.description !== undefined) sets.push(`r.description = ${s(e.edge.description)}`);
    if (e.edge.confidence !== undefined) sets.push(`r.confidence = ${cypherValue(e.edge.confidence)}`);
    if (e.edge.masking !== undefined) sets.push(`r.masking = ${cypherValue(e.edge.masking)}`);
    lines.push(
      `MATCH (s:${labelOf.get(e.sourceKey)} {id: ${s(idOf.get(e.sourceKey) ?? '')}}), (t:${labelOf.get(e.targetKey)} {id: ${s(idOf.get(e.targetKey) ?? '')}}) ` +
        `MERGE (s)-[r:DERIVES {transformationType: ${s(e.edge.transformationType)}, transformationSubtype: ${s(String(e.edge.transformationSubtype ?? ''))}}]->(t)` +
        `${sets.length > 0 ? ` SET ${sets.join(', ')}` : ''};`,
    );
  }
  return `${lines.join('\n')}\n`;
}
