import { TRANSFORMATION_SUBTYPES, TRANSFORMATION_TYPES } from '../../model/transformation.js';
import { type CompactEdgeKind, type CompactLineageGraph, hasNodeField, nodeFieldList, type NodeFieldMask } from '../graph-format.js';
import type { LineageGraph } from '../lineage.types.js';
import type { JsonNameTable, SharedIndex } from './lineage-index.js';
import type { WalkResult } from './traverse.js';
import { asOfText, JsonBytes, type RenderMeta, type RenderOptions, ROW_LEVEL_EDGE, roundedConfidence, TABLE_EDGE } from './walk-render.js';

/**
 * The compact form of a lineage answer (`format=compact`, CompactLineageGraph):
 * namespaces, datasets and descriptions once each, nodes as columns, edges
 * as [source, target, kind] triples where a kind is one combination of
 * transformation type, subtype, description, confidence and masking. Tables
 * are filled in order of first use, so the same graph always gives the same
 * bytes: `walkToCompact` (from the shared index) writes exactly
 * `JSON.stringify(graphToCompact(walkToGraph(…)))`.
 */

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');
const SUBTYPE = (s: string) => TRANSFORMATION_SUBTYPES.indexOf(s as (typeof TRANSFORMATION_SUBTYPES)[number]);
const TYPE = (t: string) => TRANSFORMATION_TYPES.indexOf(t as (typeof TRANSFORMATION_TYPES)[number]);

const COMMA = 0x2c;
const QUOTE = 0x22;
const C = {
  datasetsOpen: bytes('],"datasets":{"namespace":['),
  datasetNames: bytes('],"name":['),
  nodesOpen: bytes(']},"nodes":{"dataset":['),
  fieldsOpen: bytes('],"field":['),
  depthsOpen: bytes('],"depth":['),
  tables: bytes(`]},"transformationTypes":${JSON.stringify(TRANSFORMATION_TYPES)},"transformationSubtypes":${JSON.stringify(TRANSFORMATION_SUBTYPES)},"strings":[`),
  kindsOpen: bytes('],"edgeKinds":['),
  edgesOpen: bytes('],"edges":['),
  truncated: bytes('],"truncated":true}'),
  complete: bytes('],"truncated":false}'),
  rowLevelDescription: bytes(JSON.stringify(ROW_LEVEL_EDGE.description)),
  tableDescription: bytes(JSON.stringify(TABLE_EDGE.description)),
};

/** Ids in the answer's string table of the two descriptions no stored edge carries (stored ones are >= 0). */
const ROW_LEVEL_STRING = -2;
const TABLE_STRING = -3;
/** Kind keys of the row-level and the table-level links. */
const ROW_LEVEL_KIND = -1;
const TABLE_KIND = -2;

/**
 * What compact answers over snapshots of one base keep between answers (a
 * render runner holds one): a small number per distinct namespace by
 * dataset, learnt as datasets are met (a dataset's namespace is one of a
 * few, compared once per dataset rather than once per dataset per answer),
 * and stamped marks that number an answer's datasets and edge kinds in order
 * of first use without a Map look-up per node and per edge.
 */
export class CompactScratch {
  private ids = new Int32Array(0);
  private readonly byText = new Map<string, number>();
  private stamp = 0;
  /** Per dataset: the stamp of the answer that numbered it, and its number there. */
  private datasetMarks = new Int32Array(0);
  /** Per numeric edge kind without a description (see KIND_SLOTS): the same. */
  private readonly kindMarks = new Int32Array(KIND_SLOTS * 2);

  namespaceOf(view: SharedIndex, d: number): number {
    if (d >= this.ids.length) {
      const grown = new Int32Array(Math.max(d + 1, this.ids.length * 2, 1024)).fill(-1);
      grown.set(this.ids);
      this.ids = grown;
    }
    let id = this.ids[d];
    if (id < 0) {
      const t = view.names.datasetNamespace;
      const text = Buffer.from(t.bytes.buffer, t.bytes.byteOffset + t.offsets[d], t.offsets[d + 1] - t.offsets[d]).toString('latin1');
      id = this.byText.get(text) ?? this.byText.size;
      this.byText.set(text, id);
      this.ids[d] = id;
    }
    return id;
  }

  /** A new answer: numbers given before no longer count. */
  begin(datasetCount: number): number {
    if (datasetCount * 2 > this.datasetMarks.length) {
      const grown = new Int32Array(Math.max(datasetCount * 2, this.datasetMarks.length * 2, 2048));
      grown.set(this.datasetMarks);
      this.datasetMarks = grown;
    }
    if (this.stamp >= 0x3fff_ffff) {
      this.stamp = 0;
      this.datasetMarks.fill(0);
      this.kindMarks.fill(0);
    }
    return ++this.stamp;
  }

  /** Dataset `d`'s number in the answer `stamp`: `order`'s length when first met, then appended to `order`. */
  dataset(stamp: number, d: number, order: number[]): number {
    const at = d * 2;
    if (this.datasetMarks[at] === stamp) return this.datasetMarks[at + 1];
    this.datasetMarks[at] = stamp;
    this.datasetMarks[at + 1] = order.length;
    order.push(d);
    return order.length - 1;
  }

  /** The number the kind in slot `slot` has in answer `stamp`, or -1 before it is met. */
  kind(stamp: number, slot: number): number {
    return this.kindMarks[slot * 2] === stamp ? this.kindMarks[slot * 2 + 1] : -1;
  }

  setKind(stamp: number, slot: number, k: number): void {
    this.kindMarks[slot * 2] = stamp;
    this.kindMarks[slot * 2 + 1] = k;
  }
}

/**
 * Kinds of stored edges without a description, numbered by confidence slot
 * (0..1000 for 0.00..10.00, 1001 for none), masking, type and subtype: a
 * table of marks rather than a Map. Others (a description, a confidence
 * past 10) are interned by key.
 */
const KIND_SLOTS = 1002 * 2 * 32;

/** Numbers a key first seen gets, in order of first use. */
class Interner<K> {
  private readonly positions = new Map<K, number>();
  readonly order: K[] = [];

  position(key: K): number {
    let p = this.positions.get(key);
    if (p === undefined) {
      p = this.order.length;
      this.positions.set(key, p);
      this.order.push(key);
    }
    return p;
  }
}

/**
 * The compact answer as UTF-8 bytes, written straight from the shared index
 * like walkToJson: no node or edge objects. Runs on a render thread or the
 * main one.
 */
export function walkToCompact(view: SharedIndex, meta: RenderMeta & { readonly fields: NodeFieldMask }, result: WalkResult, options: RenderOptions & { readonly scratch?: CompactScratch } = {}): Buffer {
  const { names } = view;
  const { links, nodes } = result;
  const count = nodes.length;
  const isField = meta.kind === 'field';
  const out = new JsonBytes(count * 24 + links.length * 5 + 1024, options.take);
  const asOf = asOfText(meta.at);
  out.text(
    `{"format":"compact","root":${JSON.stringify(meta.root)},"direction":"${meta.direction}","maxDepth":${meta.maxDepth},${asOf ? `"asOf":"${asOf}",` : ''}` +
      `"fields":${JSON.stringify(nodeFieldList(meta.fields))},"nodeType":"${isField ? 'datasetField' : 'dataset'}","namespaces":[`,
  );

  // Datasets and namespaces in order of first use.
  const scratch = options.scratch ?? new CompactScratch();
  const stamp = scratch.begin(view.names.datasetName.offsets.length - 1);
  const datasetOrder: number[] = [];
  const nodeDataset = new Int32Array(count);
  const { fieldDatasetId } = view;
  for (let p = 0; p < count; p++) nodeDataset[p] = scratch.dataset(stamp, isField ? fieldDatasetId[nodes[p]] : nodes[p], datasetOrder);
  /** A dataset of each namespace of the answer, in order of first use. */
  const namespaceOf: number[] = [];
  const namespacePosition = new Map<number, number>();
  const datasetNamespace = new Int32Array(datasetOrder.length);
  for (let i = 0; i < datasetOrder.length; i++) {
    const d = datasetOrder[i];
    const id = scratch.namespaceOf(view, d);
    let p = namespacePosition.get(id);
    if (p === undefined) {
      p = namespaceOf.push(d) - 1;
      namespacePosition.set(id, p);
    }
    datasetNamespace[i] = p;
  }
  for (let p = 0; p < namespaceOf.length; p++) {
    if (p > 0) out.byte(COMMA);
    out.byte(QUOTE);
    out.copyName(names.datasetNamespace, namespaceOf[p]);
    out.byte(QUOTE);
  }
  out.put(C.datasetsOpen);
  for (let i = 0; i < datasetOrder.length; i++) {
    if (i > 0) out.byte(COMMA);
    out.int(datasetNamespace[i]);
  }
  out.put(C.datasetNames);
  for (let i = 0; i < datasetOrder.length; i++) {
    if (i > 0) out.byte(COMMA);
    out.byte(QUOTE);
    out.copyName(names.datasetName, datasetOrder[i]);
    out.byte(QUOTE);
  }

  out.put(C.nodesOpen);
  for (let p = 0; p < count; p++) {
    if (p > 0) out.byte(COMMA);
    out.int(nodeDataset[p]);
  }
  if (isField) {
    out.put(C.fieldsOpen);
    for (let p = 0; p < count; p++) {
      if (p > 0) out.byte(COMMA);
      out.byte(QUOTE);
      out.copyName(names.fieldName, nodes[p]);
      out.byte(QUOTE);
    }
  }
  if (hasNodeField(meta.fields, 'depth')) {
    out.put(C.depthsOpen);
    for (let p = 0; p < count; p++) {
      if (p > 0) out.byte(COMMA);
      out.int(result.depths[p]);
    }
  }

  // Edge kinds and descriptions in order of first use: a pass over the links, then the tables, then the edges.
  const edgeCount = view.edgeDirect.length;
  const strings = new Interner<number>();
  const kinds = new Interner<number | string>();
  /** Per kind, as written: [type, subtype, description position or -1, confidence or undefined, masking 0/1 or -1]. */
  const kindParts: [number, number, number, number | undefined, number][] = [];
  const linkKind = new Int32Array(links.length / 3);
  for (let i = 0, l = 0; i < links.length; i += 3, l++) {
    const e = links[i];
    if (!isField || e >= edgeCount) {
      // The fixed links: table-level in a table graph, row-level (ids past the edges) in a column graph.
      const fixed = isField ? ROW_LEVEL_EDGE : TABLE_EDGE;
      const k = kinds.position(isField ? ROW_LEVEL_KIND : TABLE_KIND);
      if (k === kindParts.length) {
        const masking = 'masking' in fixed ? (fixed.masking ? 1 : 0) : -1;
        kindParts.push([TYPE(fixed.transformationType), SUBTYPE(fixed.transformationSubtype), strings.position(isField ? ROW_LEVEL_STRING : TABLE_STRING), undefined, masking]);
      }
      linkKind[l] = k;
      continue;
    }
    const direct = view.edgeDirect[e];
    const subtype = view.edgeSubtype[e];
    const description = view.edgeDescription[e];
    const confidence = roundedConfidence(view.edgeConfidence[e]);
    const masked = view.edgeMasking[e];
    // One number per combination while the confidence is one of 0.00..10.00 or none (1001); a string past that.
    const slot = confidence === undefined ? 1001 : Math.round(confidence * 100);
    const numeric = confidence === undefined || (slot >= 0 && slot <= 1000);
    const key = numeric ? (((description + 1) * 1002 + slot) * 2 + masked) * 32 + direct * 16 + subtype : `${direct},${subtype},${description},${confidence},${masked}`;
    // Without a description (-1) the numeric key is below KIND_SLOTS: a slot of the scratch's marks.
    const kindSlot = typeof key === 'number' && description < 0 ? key : -1;
    let k = kindSlot >= 0 ? scratch.kind(stamp, kindSlot) : -1;
    if (k < 0) {
      k = kinds.position(key);
      if (kindSlot >= 0) scratch.setKind(stamp, kindSlot, k);
    }
    if (k === kindParts.length) kindParts.push([direct ? TYPE('DIRECT') : TYPE('INDIRECT'), subtype, description < 0 ? -1 : strings.position(description), confidence, masked]);
    linkKind[l] = k;
  }
  out.put(C.tables);
  for (let i = 0; i < strings.order.length; i++) {
    if (i > 0) out.byte(COMMA);
    const s = strings.order[i];
    if (s === ROW_LEVEL_STRING) out.put(C.rowLevelDescription);
    else if (s === TABLE_STRING) out.put(C.tableDescription);
    else out.copyName(names.strings, s);
  }
  out.put(C.kindsOpen);
  for (let k = 0; k < kindParts.length; k++) {
    const [type, subtype, description, confidence, masked] = kindParts[k];
    out.text(`${k > 0 ? ',' : ''}[${type},${subtype},${description < 0 ? 'null' : description},${confidence === undefined ? 'null' : confidence},${masked < 0 ? 'null' : masked === 1}]`);
  }
  out.put(C.edgesOpen);
  for (let i = 0, l = 0; i < links.length; i += 3, l++) {
    if (i > 0) out.byte(COMMA);
    out.int(links[i + 1]);
    out.byte(COMMA);
    out.int(links[i + 2]);
    out.byte(COMMA);
    out.int(linkKind[l]);
  }
  out.put(result.truncated ? C.truncated : C.complete);
  return out.done();
}

/** Position of `value` in a code table, appended when new (subtypes of ingested events outside the vocabulary). */
function code(table: string[], value: string): number {
  const i = table.indexOf(value);
  if (i >= 0) return i;
  table.push(value);
  return table.length - 1;
}

/**
 * The compact form of a graph of objects: the answers that do not come from
 * the index (warm-up, a root without lineage), and the reference the index
 * writer is tested against.
 */
export function graphToCompact(graph: LineageGraph, fields: NodeFieldMask): CompactLineageGraph {
  const nodeType = graph.nodes[0]?.type ?? 'datasetField';
  const isField = nodeType === 'datasetField';
  const namespaces = new Interner<string>();
  const datasets = new Interner<string>();
  const datasetNamespace: number[] = [];
  const datasetName: string[] = [];
  const position = new Map<string, number>();
  const nodeDataset: number[] = [];
  const nodeField: string[] = [];
  const depth: number[] = [];
  for (const [p, n] of graph.nodes.entries()) {
    position.set(n.id, p);
    const d = datasets.position(`${n.namespace}\u0001${n.dataset}`);
    if (d === datasetName.length) {
      datasetNamespace.push(namespaces.position(n.namespace));
      datasetName.push(n.dataset);
    }
    nodeDataset.push(d);
    if (isField) nodeField.push(n.field ?? '');
    depth.push(n.depth);
  }
  const types: string[] = [...TRANSFORMATION_TYPES];
  const subtypes: string[] = [...TRANSFORMATION_SUBTYPES];
  const strings = new Interner<string>();
  const kinds = new Interner<string>();
  const edgeKinds: CompactEdgeKind[] = [];
  const edges: number[] = [];
  for (const e of graph.edges) {
    const source = position.get(e.source);
    const target = position.get(e.target);
    if (source === undefined || target === undefined) throw new Error(`edge ${e.source} -> ${e.target} names a node the graph does not hold`);
    const k = kinds.position(JSON.stringify([e.transformationType, e.transformationSubtype, e.description ?? null, e.confidence ?? null, e.masking ?? null]));
    if (k === edgeKinds.length) {
      edgeKinds.push([code(types, e.transformationType), code(subtypes, e.transformationSubtype), e.description === undefined ? null : strings.position(e.description), e.confidence ?? null, e.masking ?? null]);
    }
    edges.push(source, target, k);
  }
  return {
    format: 'compact',
    root: graph.root,
    direction: graph.direction,
    maxDepth: graph.maxDepth,
    ...(graph.asOf ? { asOf: graph.asOf } : {}),
    fields: nodeFieldList(fields),
    nodeType,
    namespaces: namespaces.order,
    datasets: { namespace: datasetNamespace, name: datasetName },
    nodes: { dataset: nodeDataset, ...(isField ? { field: nodeField } : {}), ...(hasNodeField(fields, 'depth') ? { depth } : {}) },
    transformationTypes: types,
    transformationSubtypes: subtypes,
    strings: strings.order,
    edgeKinds,
    edges,
    truncated: graph.truncated,
  };
}
