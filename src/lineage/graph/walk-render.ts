import { datasetNodeId, fieldNodeId } from '../../model/ids.js';
import { TRANSFORMATION_SUBTYPES, type TransformationSubtype, type TransformationType } from '../../model/transformation.js';
import { ALL_NODE_FIELDS, hasNodeField, NODE_FIELDS, type NodeFieldMask } from '../graph-format.js';
import type { GraphNode, LineageDirection, LineageGraph, LineageGraphEdge } from '../lineage.types.js';
import { type JsonNameTable, type LineageIndex, PRESENT, type SharedIndex } from './lineage-index.js';
import type { WalkResult } from './traverse.js';

/** A walk over the index and what it was asked for: everything a rendering needs. */
export interface IndexWalk {
  readonly index: LineageIndex;
  /** `field`: the column graph; `dataset`: the table graph. */
  readonly kind: 'field' | 'dataset';
  readonly root: string;
  readonly direction: LineageDirection;
  readonly maxDepth: number;
  /** The instant walked (PRESENT, or index seconds). */
  readonly at?: number;
  readonly result: WalkResult;
}

/** The `asOf` an answer carries for a walk at `at` (index seconds): the instant as ISO 8601; undefined for the present. */
export function asOfText(at: number | undefined): string | undefined {
  return at === undefined || at === PRESENT ? undefined : new Date(at * 1000).toISOString();
}

/** What an edge no stored column edge describes always says: words of the model's vocabulary. */
type FixedTransformation = { readonly transformationType: TransformationType; readonly transformationSubtype: TransformationSubtype; readonly description: string; readonly masking?: boolean };

export const TABLE_EDGE = { transformationType: 'DIRECT', transformationSubtype: 'TRANSFORMATION', description: 'table-level lineage' } as const satisfies FixedTransformation;
/**
 * The link an upstream walk adds from a dataset's `*` field to each of its
 * columns: the row-level edges into `*` (filters, joins, grouping keys)
 * decide every column. Not stored; its subtype is this service's own.
 */
export const ROW_LEVEL_EDGE = {
  transformationType: 'INDIRECT',
  transformationSubtype: 'ROW_LEVEL',
  description: 'what decides the rows of the dataset decides each of its columns',
  masking: false,
} as const satisfies FixedTransformation;

/** Confidences are kept as float32; answers give them to two decimals. */
export function roundedConfidence(c: number): number | undefined {
  return Number.isNaN(c) ? undefined : Math.round(c * 100) / 100;
}

/** The walk as a LineageGraph of objects (exports, impact, admin pages). */
export function walkToGraph(w: IndexWalk): LineageGraph {
  const { index, result } = w;
  const nodes: GraphNode[] = new Array(result.nodes.length);
  for (let p = 0; p < result.nodes.length; p++) {
    const n = result.nodes[p];
    if (w.kind === 'field') {
      const namespace = index.fieldNamespace(n);
      const dataset = index.fieldDataset(n);
      const field = index.fieldName(n);
      nodes[p] = { id: fieldNodeId(namespace, dataset, field), type: 'datasetField', namespace, dataset, field, depth: result.depths[p] };
    } else {
      const namespace = index.datasetNamespace[n];
      const dataset = index.datasetName[n];
      nodes[p] = { id: datasetNodeId(namespace, dataset), type: 'dataset', namespace, dataset, depth: result.depths[p] };
    }
  }
  const edges: LineageGraphEdge[] = [];
  const { links } = result;
  for (let i = 0; i < links.length; i += 3) {
    const e = links[i];
    const source = nodes[links[i + 1]].id;
    const target = nodes[links[i + 2]].id;
    if (w.kind === 'dataset') {
      edges.push({ source, target, ...TABLE_EDGE });
      continue;
    }
    if (e >= index.edgeCount) {
      edges.push({ source, target, ...ROW_LEVEL_EDGE });
      continue;
    }
    edges.push({
      source,
      target,
      transformationType: index.edgeDirect[e] ? 'DIRECT' : 'INDIRECT',
      transformationSubtype: TRANSFORMATION_SUBTYPES[index.edgeSubtype[e]],
      description: index.string(index.edgeDescription[e]),
      confidence: roundedConfidence(index.edgeConfidence[e]),
      masking: index.edgeMasking[e] === 1,
    });
  }
  const asOf = asOfText(w.at);
  return { root: w.root, direction: w.direction, maxDepth: w.maxDepth, ...(asOf ? { asOf } : {}), nodes, edges, truncated: result.truncated };
}

/** A node with only some of its keys, as a `fields=` answer has it. */
export type NodeWithFields = Partial<GraphNode>;

/** The graph as a `json` answer with `fields` writes it: nodes keep only the keys asked for, in NODE_FIELDS order. */
export function withNodeFields(graph: LineageGraph, fields: NodeFieldMask): LineageGraph | (Omit<LineageGraph, 'nodes'> & { readonly nodes: NodeWithFields[] }) {
  if (fields === ALL_NODE_FIELDS) return graph;
  const keep = NODE_FIELDS.filter((f) => hasNodeField(fields, f));
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const node: Record<string, unknown> = {};
      for (const k of keep) if (n[k] !== undefined) node[k] = n[k];
      return node as NodeWithFields;
    }),
  };
}

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');
const C = {
  nodesOpen: bytes('"nodes":['),
  fieldIdOpen: bytes('{"id":"datasetField:'),
  datasetIdOpen: bytes('{"id":"dataset:'),
  colon: bytes(':'),
  comma: bytes(','),
  fieldType: bytes('","type":"datasetField","namespace":"'),
  datasetType: bytes('","type":"dataset","namespace":"'),
  dataset: bytes('","dataset":"'),
  field: bytes('","field":"'),
  edgesOpen: bytes('],"edges":['),
  source: bytes('{"source":'),
  nextSource: bytes(',{"source":'),
  target: bytes(',"target":'),
  // An edge's fixed end, from the same objects walkToGraph spreads into its edges.
  tableEdge: bytes(`,${JSON.stringify(TABLE_EDGE).slice(1)}`),
  rowLevelEdge: bytes(`,${JSON.stringify(ROW_LEVEL_EDGE).slice(1)}`),
  description: bytes(',"description":'),
  truncated: bytes('],"truncated":true}'),
  complete: bytes('],"truncated":false}'),
};

/**
 * Encoded pieces that repeat across answers, made once: `","depth":N}` per
 * depth, and an edge's end (type, subtype, confidence, masking) per
 * combination: confidences have two decimals, so combinations are few and
 * index an array by number.
 */
const DEPTH_ENDS: Buffer[] = [];
const EDGE_ENDS: Buffer[] = [];
const EDGE_KINDS: Buffer[] = [];
const EDGE_TAILS: Buffer[] = [];

function depthEnd(depth: number): Buffer {
  return (DEPTH_ENDS[depth] ??= bytes(`","depth":${depth}}`));
}

/** `,"transformationType":…,"transformationSubtype":…` of an edge, encoded once per combination. */
export function edgeKind(direct: number, subtype: number): Buffer {
  return (EDGE_KINDS[direct * 16 + subtype] ??= bytes(`,"transformationType":"${direct ? 'DIRECT' : 'INDIRECT'}","transformationSubtype":"${TRANSFORMATION_SUBTYPES[subtype]}"`));
}

function edgeEnd(confidence: number | undefined, masked: boolean): string {
  return `${confidence === undefined ? '' : `,"confidence":${confidence}`},"masking":${masked}}`;
}

/** 0..1000 for a confidence of 0.00..10.00, 1001 for none, -1 when it does not fit (then the piece is made each time). */
function confidenceSlot(confidence: number | undefined): number {
  if (confidence === undefined) return 1001;
  const c = Math.round(confidence * 100);
  return c >= 0 && c <= 1000 ? c : -1;
}

/** Entry i of a name table, as bytes. */
export function entry(t: JsonNameTable, i: number): Uint8Array {
  return t.bytes.subarray(t.offsets[i], t.offsets[i + 1]);
}

/** An append-only byte buffer that grows by doubling. */
export class JsonBytes {
  buf: Buffer;
  pos = 0;

  constructor(size: number, take?: (size: number) => Buffer | undefined) {
    // Not from Node's small-buffer pool: a render thread hands the whole ArrayBuffer over.
    this.buf = take?.(size) ?? Buffer.allocUnsafeSlow(Math.max(256, size));
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  put(src: Uint8Array): void {
    const n = src.length;
    this.room(n);
    if (n > 32) this.buf.set(src, this.pos);
    else {
      // short pieces byte by byte: a native copy costs more to call than to run
      const { buf } = this;
      const pos = this.pos;
      for (let k = 0; k < n; k++) buf[pos + k] = src[k];
    }
    this.pos += n;
  }

  /** Entry i of a name table. */
  name(t: JsonNameTable, i: number): void {
    this.put(entry(t, i));
  }

  /** Bytes start..end of `src` (another buffer of pieces written earlier), without a view of them. */
  putRange(src: Uint8Array, start: number, end: number): void {
    this.room(end - start);
    // byte by byte: pieces are short, and a native copy costs more to call than to run
    const { buf } = this;
    let pos = this.pos;
    for (let k = start; k < end; k++) buf[pos++] = src[k];
    this.pos = pos;
  }

  /** Copies bytes written earlier (an id) to the end. */
  again(start: number, end: number): void {
    this.room(end - start);
    this.buf.copyWithin(this.pos, start, end);
    this.pos += end - start;
  }

  text(s: string): void {
    this.put(bytes(s));
  }

  /** One ASCII character. */
  byte(b: number): void {
    if (this.pos >= this.buf.length) this.room(1);
    this.buf[this.pos++] = b;
  }

  /** Entry i of a name table, copied byte by byte: no view is made, and most names are short. */
  copyName(t: JsonNameTable, i: number): void {
    const from = t.offsets[i];
    const to = t.offsets[i + 1];
    this.room(to - from);
    const { buf } = this;
    const src = t.bytes;
    let pos = this.pos;
    for (let k = from; k < to; k++) buf[pos++] = src[k];
    this.pos = pos;
  }

  /** A whole number from 0 to 2^31 - 1 in decimal, without making a string. */
  int(n: number): void {
    if (n < 10) {
      this.byte(48 + n);
      return;
    }
    let digits = 2;
    for (let v = (n / 100) | 0; v > 0; v = (v / 10) | 0) digits++;
    this.room(digits);
    let v = n;
    for (let i = this.pos + digits - 1; i >= this.pos; i--) {
      const q = (v / 10) | 0;
      this.buf[i] = 48 + v - q * 10;
      v = q;
    }
    this.pos += digits;
  }

  done(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

/** Datasets whose encoded heads a render thread keeps (about 300 bytes each). */
const MAX_CACHED_HEADS = 50_000;

export interface RenderOptions {
  /** Offers a buffer to write into (a render thread reuses the ones the main thread has finished sending). */
  readonly take?: (size: number) => Buffer | undefined;
  /** Encoded per-dataset pieces kept across answers over the same index, by graph kind. */
  readonly heads?: { readonly field: Map<number, [Buffer, Buffer]>; readonly dataset: Map<number, [Buffer, Buffer]> };
}

/** What a JSON rendering is asked for besides the walk. */
export interface RenderMeta {
  readonly kind: 'field' | 'dataset';
  readonly root: string;
  readonly direction: LineageDirection;
  readonly maxDepth: number;
  /** Node keys to write (all when not given). */
  readonly fields?: NodeFieldMask;
  /** The instant walked: an answer of another instant than the present says which (`asOf`). */
  readonly at?: number;
}

/** A node's keys, by NODE_FIELDS position, as `"key":` (`type` with its value, which is fixed per graph kind). */
const KEYS = {
  id: bytes('"id":'),
  fieldType: bytes('"type":"datasetField"'),
  datasetType: bytes('"type":"dataset"'),
  namespace: bytes('"namespace":"'),
  dataset: bytes('"dataset":"'),
  field: bytes('"field":"'),
  depth: bytes('"depth":'),
  fieldId: bytes('"datasetField:'),
  datasetId: bytes('"dataset:'),
  quote: bytes('"'),
  open: bytes('{'),
  close: bytes('}'),
};

/**
 * Nodes with only some of their keys (`fields`), in NODE_FIELDS order. Ids
 * go to a side buffer too, since edges name their ends by id whatever the
 * nodes keep; returned with where each id lies in it.
 */
function writeSomeNodes(out: JsonBytes, view: SharedIndex, isField: boolean, result: WalkResult, fields: NodeFieldMask, idStart: Int32Array, idEnd: Int32Array): JsonBytes {
  const { names } = view;
  const ids = new JsonBytes(result.nodes.length * 80);
  const [withId, withType, withNamespace, withDataset, withField, withDepth] = NODE_FIELDS.map((f) => hasNodeField(fields, f) && (f !== 'field' || isField));
  for (let p = 0; p < result.nodes.length; p++) {
    const n = result.nodes[p];
    const d = isField ? view.fieldDatasetId[n] : n;
    idStart[p] = ids.pos;
    ids.put(isField ? KEYS.fieldId : KEYS.datasetId);
    ids.name(names.datasetNamespace, d);
    ids.put(C.colon);
    ids.name(names.datasetName, d);
    if (isField) {
      ids.put(C.colon);
      ids.name(names.fieldName, n);
    }
    ids.put(KEYS.quote);
    idEnd[p] = ids.pos;
    if (p > 0) out.put(C.comma);
    out.put(KEYS.open);
    let first = true;
    const key = (k: Buffer) => {
      if (!first) out.put(C.comma);
      first = false;
      out.put(k);
    };
    if (withId) {
      key(KEYS.id);
      out.put(ids.buf.subarray(idStart[p], idEnd[p]));
    }
    if (withType) key(isField ? KEYS.fieldType : KEYS.datasetType);
    if (withNamespace) {
      key(KEYS.namespace);
      out.name(names.datasetNamespace, d);
      out.put(KEYS.quote);
    }
    if (withDataset) {
      key(KEYS.dataset);
      out.name(names.datasetName, d);
      out.put(KEYS.quote);
    }
    if (withField) {
      key(KEYS.field);
      out.name(names.fieldName, n);
      out.put(KEYS.quote);
    }
    if (withDepth) {
      key(KEYS.depth);
      out.int(result.depths[p]);
    }
    out.put(KEYS.close);
  }
  return ids;
}

/**
 * The same graph as `JSON.stringify(walkToGraph(w))`, as UTF-8 bytes written
 * straight from the shared index: no node or edge objects, no big string.
 * Names come pre-escaped from the index's tables; each node id is written
 * once and every edge touching the node copies its bytes. Lineage answers
 * run to thousands of edges, and building objects, then a string, then bytes
 * was most of their cost. Runs on a render thread or the main one.
 */
export function walkToJson(view: SharedIndex, meta: RenderMeta, result: WalkResult, options: RenderOptions = {}): Buffer {
  const count = result.nodes.length;
  const { links } = result;
  const { names } = view;
  const out = new JsonBytes(count * 220 + (links.length / 3) * 260 + 256, options.take);
  const asOf = asOfText(meta.at);
  out.text(`{"root":${JSON.stringify(meta.root)},"direction":"${meta.direction}","maxDepth":${meta.maxDepth},${asOf ? `"asOf":"${asOf}",` : ''}`);
  out.put(C.nodesOpen);
  // Where each node's quoted id lies in the output, by result position.
  const idStart = new Int32Array(count);
  const idEnd = new Int32Array(count);
  const isField = meta.kind === 'field';
  // Per dataset: `{"id":"datasetField:<ns>:<ds>:` and `","type":…,"namespace":"<ns>","dataset":"<ds>`.
  const heads = options.heads?.[meta.kind] ?? new Map<number, [Buffer, Buffer]>();
  const fields = meta.fields ?? ALL_NODE_FIELDS;
  // With some node keys left out, ids are written to a side buffer (edges still name nodes by id).
  const ids = fields === ALL_NODE_FIELDS ? undefined : writeSomeNodes(out, view, isField, result, fields, idStart, idEnd);
  for (let p = 0; ids === undefined && p < count; p++) {
    const n = result.nodes[p];
    const d = isField ? view.fieldDatasetId[n] : n;
    let head = heads.get(d);
    if (head === undefined) {
      const ns = entry(names.datasetNamespace, d);
      const ds = entry(names.datasetName, d);
      head = isField
        ? [Buffer.concat([C.fieldIdOpen, ns, C.colon, ds, C.colon]), Buffer.concat([C.fieldType, ns, C.dataset, ds, C.field])]
        : [Buffer.concat([C.datasetIdOpen, ns, C.colon, ds]), Buffer.concat([C.datasetType, ns, C.dataset, ds])];
      if (heads.size < MAX_CACHED_HEADS) heads.set(d, head);
    }
    if (p > 0) out.put(C.comma);
    idStart[p] = out.pos + 6; // the opening quote of the id, after {"id":
    out.put(head[0]);
    if (isField) {
      const fStart = out.pos;
      out.name(names.fieldName, n);
      const fEnd = out.pos;
      idEnd[p] = fEnd + 1; // and its closing quote
      out.put(head[1]);
      out.again(fStart, fEnd);
    } else {
      idEnd[p] = out.pos + 1;
      out.put(head[1]);
    }
    out.put(depthEnd(result.depths[p]));
  }
  out.put(C.edgesOpen);
  const edgeCount = view.edgeDirect.length;
  for (let i = 0; i < links.length; i += 3) {
    const e = links[i];
    out.put(i === 0 ? C.source : C.nextSource);
    if (ids === undefined) out.again(idStart[links[i + 1]], idEnd[links[i + 1]]);
    else out.put(ids.buf.subarray(idStart[links[i + 1]], idEnd[links[i + 1]]));
    out.put(C.target);
    if (ids === undefined) out.again(idStart[links[i + 2]], idEnd[links[i + 2]]);
    else out.put(ids.buf.subarray(idStart[links[i + 2]], idEnd[links[i + 2]]));
    if (!isField) {
      out.put(C.tableEdge);
      continue;
    }
    if (e >= edgeCount) {
      out.put(C.rowLevelEdge);
      continue;
    }
    const direct = view.edgeDirect[e];
    const subtype = view.edgeSubtype[e];
    const confidence = roundedConfidence(view.edgeConfidence[e]);
    const masked = view.edgeMasking[e];
    const slot = confidenceSlot(confidence);
    const end = slot < 0 ? bytes(edgeEnd(confidence, masked === 1)) : (EDGE_ENDS[slot * 2 + masked] ??= bytes(edgeEnd(confidence, masked === 1)));
    const description = view.edgeDescription[e];
    if (description < 0 && slot >= 0) {
      out.put((EDGE_TAILS[((direct * 16 + subtype) * 1002 + slot) * 2 + masked] ??= Buffer.concat([edgeKind(direct, subtype), end])));
    } else {
      out.put(edgeKind(direct, subtype));
      if (description >= 0) {
        out.put(C.description);
        out.name(names.strings, description);
      }
      out.put(end);
    }
  }
  out.put(result.truncated ? C.truncated : C.complete);
  return out.done();
}
