import { datasetNodeId } from '../../model/ids.js';
import type { LineageGraph } from '../lineage.types.js';
import { prepareGraph, wellFormedUnicode } from './export-graph.js';

/**
 * JSON-LD 1.1. The @context maps our terms to the OpenLineage spec (types
 * and facet properties by their JSON Schema `$defs` IRIs), schema.org (name,
 * description, isPartOf) and W3C PROV (a derivation `used` a source field
 * and `generated` a target field). Node @ids are `urn:lineage:node:` + the
 * percent-encoded lineage node id. `<`, `>` and `&` are written as \u escapes
 * so the document can be embedded in an HTML <script> element as it is.
 */
export const JSONLD_CONTEXT = {
  '@version': 1.1,
  ol: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/',
  olcl: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/',
  schema: 'https://schema.org/',
  prov: 'http://www.w3.org/ns/prov#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  lineage: 'urn:lineage:',
  LineageGraph: 'lineage:LineageGraph',
  Dataset: 'ol:Dataset',
  DatasetField: 'olcl:InputField',
  ColumnLineage: 'prov:Derivation',
  name: 'schema:name',
  description: 'schema:description',
  namespace: 'ol:Dataset/properties/namespace',
  field: 'olcl:InputField/properties/field',
  dataset: { '@id': 'schema:isPartOf', '@type': '@id' },
  source: { '@id': 'prov:used', '@type': '@id' },
  target: { '@id': 'prov:generated', '@type': '@id' },
  transformationType: 'olcl:InputField/properties/transformations/items/properties/type',
  transformationSubtype: 'olcl:InputField/properties/transformations/items/properties/subtype',
  masking: { '@id': 'olcl:InputField/properties/transformations/items/properties/masking', '@type': 'xsd:boolean' },
  confidence: { '@id': 'lineage:confidence', '@type': 'xsd:decimal' },
  depth: { '@id': 'lineage:depth', '@type': 'xsd:integer' },
  root: { '@id': 'lineage:root', '@type': '@id' },
  direction: 'lineage:direction',
  maxDepth: { '@id': 'lineage:maxDepth', '@type': 'xsd:integer' },
  truncated: { '@id': 'lineage:truncated', '@type': 'xsd:boolean' },
} as const;

/** The JSON-LD @id of a lineage node id. */
export function jsonLdId(nodeId: string): string {
  return `urn:lineage:node:${encodeURIComponent(wellFormedUnicode(nodeId))}`;
}

export function exportJsonLd(graph: LineageGraph): string {
  const g = prepareGraph(graph);
  const items: Record<string, unknown>[] = [
    {
      '@id': 'urn:lineage:graph',
      '@type': 'LineageGraph',
      root: jsonLdId(graph.root),
      direction: graph.direction,
      maxDepth: graph.maxDepth,
      truncated: graph.truncated,
    },
  ];
  const nodeIds = new Set(g.nodes.map((n) => n.node.id));
  for (const ds of g.datasets) {
    const id = datasetNodeId(ds.namespace, ds.dataset);
    if (nodeIds.has(id)) continue;
    items.push({ '@id': jsonLdId(id), '@type': 'Dataset', namespace: ds.namespace, name: ds.dataset });
  }
  for (const n of g.nodes) {
    if (n.node.type === 'dataset') {
      items.push({ '@id': jsonLdId(n.node.id), '@type': 'Dataset', namespace: n.node.namespace, name: n.node.dataset, depth: n.node.depth });
    } else {
      items.push({
        '@id': jsonLdId(n.node.id),
        '@type': 'DatasetField',
        namespace: n.node.namespace,
        name: n.label,
        field: n.label,
        dataset: jsonLdId(datasetNodeId(n.node.namespace, n.node.dataset)),
        depth: n.node.depth,
      });
    }
  }
  const idOf = new Map(g.nodes.map((n) => [n.key, n.node.id]));
  g.edges.forEach((e, i) => {
    const item: Record<string, unknown> = {
      '@id': `urn:lineage:edge:${i}`,
      '@type': 'ColumnLineage',
      source: jsonLdId(idOf.get(e.sourceKey) ?? ''),
      target: jsonLdId(idOf.get(e.targetKey) ?? ''),
      transformationType: e.edge.transformationType,
      transformationSubtype: String(e.edge.transformationSubtype ?? ''),
    };
    if (e.edge.description !== undefined) item.description = wellFormedUnicode(e.edge.description);
    if (e.edge.masking !== undefined) item.masking = e.edge.masking;
    if (e.edge.confidence !== undefined && Number.isFinite(e.edge.confidence)) item.confidence = e.edge.confidence;
    items.push(item);
  });
  const document = { '@context': JSONLD_CONTEXT, '@graph': items };
  const json = JSON.stringify(document, (_key, value: unknown) => (typeof value === 'string' ? wellFormedUnicode(value) : value), 2);
  return `${json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')}\n`;
}
