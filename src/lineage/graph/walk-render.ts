import { datasetNodeId, fieldNodeId, type GraphEdge, type GraphNode, type LineageDirection, type LineageGraph } from './lineage-graph.js';
import { type LineageIndex, SUBTYPES } from './lineage-index.js';
import type { WalkResult } from './traverse.js';

/** A walk over the index and what it was asked for: everything a rendering needs. */
export interface IndexWalk {
  readonly index: LineageIndex;
  /** `field`: the column graph; `dataset`: the table graph. */
  readonly kind: 'field' | 'dataset';
  readonly root: string;
  readonly direction: LineageDirection;
  readonly maxDepth: number;
  readonly result: WalkResult;
}

const TABLE_EDGE = { transformationType: 'DIRECT', transformationSubtype: 'TRANSFORMATION', description: 'table-level lineage' } as const;

function confidenceOf(index: LineageIndex, edge: number): number | undefined {
  const c = index.edgeConfidence[edge];
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
      const field = index.fieldName[n];
      nodes[p] = { id: fieldNodeId(namespace, dataset, field), type: 'datasetField', namespace, dataset, field, depth: result.depths[p] };
    } else {
      const namespace = index.datasetNamespace[n];
      const dataset = index.datasetName[n];
      nodes[p] = { id: datasetNodeId(namespace, dataset), type: 'dataset', namespace, dataset, depth: result.depths[p] };
    }
  }
  const edges: GraphEdge[] = [];
  const { links } = result;
  for (let i = 0; i < links.length; i += 3) {
    const e = links[i];
    const source = nodes[links[i + 1]].id;
    const target = nodes[links[i + 2]].id;
    if (w.kind === 'dataset') {
      edges.push({ source, target, ...TABLE_EDGE });
      continue;
    }
    edges.push({
      source,
      target,
      transformationType: index.edgeDirect[e] ? 'DIRECT' : 'INDIRECT',
      transformationSubtype: SUBTYPES[index.edgeSubtype[e]],
      description: index.string(index.edgeDescription[e]),
      confidence: confidenceOf(index, e),
      masking: index.edgeMasking[e] === 1,
    });
  }
  return { root: w.root, direction: w.direction, maxDepth: w.maxDepth, nodes, edges, truncated: result.truncated };
}

/** JSON string contents (no quotes) of a value. */
function esc(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');
const EDGE_TAILS = [0, 1].map((direct) => SUBTYPES.map((st) => bytes(`,"transformationType":"${direct ? 'DIRECT' : 'INDIRECT'}","transformationSubtype":"${st}"`)));
const TABLE_EDGE_TAIL = bytes(`,"transformationType":"DIRECT","transformationSubtype":"TRANSFORMATION","description":"table-level lineage"}`);
const C = {
  nodesOpen: bytes('"nodes":['),
  fieldIdOpen: bytes('{"id":"datasetField:'),
  datasetIdOpen: bytes('{"id":"dataset:'),
  fieldType: bytes('","type":"datasetField","namespace":"'),
  datasetType: bytes('","type":"dataset","namespace":"'),
  dataset: bytes('","dataset":"'),
  field: bytes('","field":"'),
  depth: bytes('","depth":'),
  edgesOpen: bytes('],"edges":['),
  source: bytes('{"source":'),
  target: bytes(',"target":'),
  description: bytes(',"description":'),
  confidence: bytes(',"confidence":'),
  masked: bytes(',"masking":true}'),
  unmasked: bytes(',"masking":false}'),
  truncated: bytes('],"truncated":true}'),
  complete: bytes('],"truncated":false}'),
};
/** Encoded confidences (two decimals, so few distinct values). */
const CONFIDENCES = new Map<number, Buffer>();

/** An append-only byte buffer that grows by doubling. */
class JsonBytes {
  buf: Buffer;
  pos = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(Math.max(256, size));
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  put(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Copies bytes written earlier (an id) to the end. */
  again(start: number, end: number): void {
    this.room(end - start);
    this.buf.copyWithin(this.pos, start, end);
    this.pos += end - start;
  }

  /** A string already escaped for JSON (or otherwise safe). */
  text(s: string): void {
    this.room(s.length * 3);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos += b.write(s, this.pos, 'utf8');
        return;
      }
      b[p++] = c;
    }
    this.pos = p;
  }

  int(n: number): void {
    this.text(String(n));
  }

  done(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

/**
 * The same graph as `JSON.stringify(walkToGraph(w))`, as UTF-8 bytes written
 * straight from the typed arrays: no node or edge objects and no big string.
 * Each node id is encoded once; every edge touching the node copies its bytes.
 * Lineage answers run to thousands of edges, and building objects, then a
 * string, then bytes was most of their cost.
 */
export function walkToJson(w: IndexWalk): Buffer {
  const { index, result } = w;
  const count = result.nodes.length;
  const { links } = result;
  const out = new JsonBytes(count * 160 + (links.length / 3) * 200 + 256);
  out.text(`{"root":${JSON.stringify(w.root)},"direction":"${w.direction}","maxDepth":${w.maxDepth},`);
  out.put(C.nodesOpen);
  // Where each node's quoted id lies in the output, by result position.
  const idStart = new Int32Array(count);
  const idEnd = new Int32Array(count);
  const names = new Map<number, [string, string]>();
  const isField = w.kind === 'field';
  for (let p = 0; p < count; p++) {
    const n = result.nodes[p];
    const d = isField ? index.fieldDatasetId[n] : n;
    let nd = names.get(d);
    if (nd === undefined) names.set(d, (nd = [esc(index.datasetNamespace[d]), esc(index.datasetName[d])]));
    if (p > 0) out.text(',');
    out.put(isField ? C.fieldIdOpen : C.datasetIdOpen);
    idStart[p] = out.pos - (isField ? 14 : 9); // back to the opening quote of the id
    const nsStart = out.pos;
    out.text(nd[0]);
    const nsEnd = out.pos;
    out.text(':');
    const dsStart = out.pos;
    out.text(nd[1]);
    const dsEnd = out.pos;
    let fStart = 0;
    let fEnd = 0;
    if (isField) {
      out.text(':');
      fStart = out.pos;
      out.text(esc(index.fieldName[n]));
      fEnd = out.pos;
    }
    idEnd[p] = out.pos + 1; // and its closing quote
    out.put(isField ? C.fieldType : C.datasetType);
    out.again(nsStart, nsEnd);
    out.put(C.dataset);
    out.again(dsStart, dsEnd);
    if (isField) {
      out.put(C.field);
      out.again(fStart, fEnd);
    }
    out.put(C.depth);
    out.int(result.depths[p]);
    out.text('}');
  }
  out.put(C.edgesOpen);
  const descriptions = new Map<number, Buffer>();
  for (let i = 0; i < links.length; i += 3) {
    const e = links[i];
    if (i > 0) out.text(',');
    out.put(C.source);
    out.again(idStart[links[i + 1]], idEnd[links[i + 1]]);
    out.put(C.target);
    out.again(idStart[links[i + 2]], idEnd[links[i + 2]]);
    if (!isField) {
      out.put(TABLE_EDGE_TAIL);
      continue;
    }
    out.put(EDGE_TAILS[index.edgeDirect[e]][index.edgeSubtype[e]]);
    const descriptionId = index.edgeDescription[e];
    if (descriptionId >= 0) {
      let encoded = descriptions.get(descriptionId);
      if (encoded === undefined) descriptions.set(descriptionId, (encoded = bytes(JSON.stringify(index.string(descriptionId)))));
      out.put(C.description);
      out.put(encoded);
    }
    const confidence = confidenceOf(index, e);
    if (confidence !== undefined) {
      let encoded = CONFIDENCES.get(confidence);
      if (encoded === undefined) {
        encoded = bytes(String(confidence));
        if (CONFIDENCES.size < 10_000) CONFIDENCES.set(confidence, encoded);
      }
      out.put(C.confidence);
      out.put(encoded);
    }
    out.put(index.edgeMasking[e] === 1 ? C.masked : C.unmasked);
  }
  out.put(result.truncated ? C.truncated : C.complete);
  return out.done();
}
