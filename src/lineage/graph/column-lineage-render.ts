import { fieldTypeOf, type FieldTypeView, NO_TYPE, UNHELD } from './field-types.js';
import type { JsonNameTable, SharedIndex } from './lineage-index.js';
import { unescapeJson } from './shared-columns.js';
import type { WalkResult } from './traverse.js';
import { asOfText, edgeKind, entry, JsonBytes, type RenderOptions, ROW_LEVEL_EDGE } from './walk-render.js';

/**
 * Marquez's column lineage answer (GET /api/v1/column-lineage of one field:
 * `{"graph":[…]}`, and `"asOf"` for a past instant) written straight from a
 * walk of the shared index on a render thread, like walkToJson: no node,
 * input or edge objects, no strings but the names the order needs. One
 * DATASET_FIELD node per field reached; its `inputFields` and `inEdges` are
 * the links into it, `outEdges` those out of it, each (source, target) pair
 * once (its first link in walk order). Nodes are sorted by id; inputs and
 * `inEdges` by the source's id, `outEdges` by the target's, comparing code
 * units. A node's `transformationType` (and `transformationDescription`,
 * when not empty) are its first input's; `fieldType` is the stored type
 * from `types`, '' where the store has none (as Marquez writes an unknown
 * type). The same bytes as src/marquez/column-lineage-json.ts writes from
 * the compact walk (the path for several fields at once), which the tests
 * hold it to.
 */

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');
const C = {
  open: bytes('{"graph":['),
  nodeOpen: bytes('{"id":'),
  nextNodeOpen: bytes(',{"id":'),
  nodeData: bytes(',"type":"DATASET_FIELD","data":{'),
  fieldType: bytes(',"fieldType":"'),
  noType: bytes(',"fieldType":""'),
  quote: bytes('"'),
  description: bytes(',"transformationDescription":'),
  inputsOpen: bytes(',"inputFields":['),
  inEdgesOpen: bytes(']},"inEdges":['),
  outEdgesOpen: bytes('],"outEdges":['),
  nodeClose: bytes(']}'),
  origin: bytes('{"origin":'),
  nextOrigin: bytes(',{"origin":'),
  destination: bytes(',"destination":'),
  edgeClose: bytes('}'),
  inputOpen: bytes('{'),
  nextInputOpen: bytes(',{'),
  rowLevelDescription: bytes(`,"transformationDescription":${JSON.stringify(ROW_LEVEL_EDGE.description)}`),
  rowLevelKind: bytes(`,"transformationType":"${ROW_LEVEL_EDGE.transformationType}","transformationSubtype":"${ROW_LEVEL_EDGE.transformationSubtype}"}`),
  rowLevelType: bytes(`,"transformationType":"${ROW_LEVEL_EDGE.transformationType}"`),
};
/** `,"transformationType":"…"` by type (1 = DIRECT). */
const TYPES = [bytes(',"transformationType":"INDIRECT"'), bytes(',"transformationType":"DIRECT"')];

/** Datasets whose pieces a runner keeps (a few hundred bytes each). */
const MAX_CACHED_DATASETS = 50_000;

/** A dataset's pieces: `"datasetField:<ns>:<ds>:`, `"namespace":"<ns>","dataset":"<ds>","field":"`, and the id's head as text. */
type DatasetPieces = readonly [idHead: Buffer, namesHead: Buffer, text: string];

/** What answers over snapshots of one base keep between answers (a render runner holds one). */
export class ColumnLineageScratch {
  readonly datasets = new Map<number, DatasetPieces>();
}

const ID_HEAD = bytes('"datasetField:');
const COLON = bytes(':');
const NAMES_NS = bytes('"namespace":"');
const NAMES_DS = bytes('","dataset":"');
const NAMES_FIELD = bytes('","field":"');

function piecesOf(view: SharedIndex, d: number, scratch: ColumnLineageScratch): DatasetPieces {
  let pieces = scratch.datasets.get(d);
  if (pieces === undefined) {
    const ns = entry(view.names.datasetNamespace, d);
    const ds = entry(view.names.datasetName, d);
    const text = `datasetField:${decode(ns)}:${decode(ds)}:`;
    pieces = [Buffer.concat([ID_HEAD, ns, COLON, ds, COLON]), Buffer.concat([NAMES_NS, ns, NAMES_DS, ds, NAMES_FIELD]), text];
    if (scratch.datasets.size < MAX_CACHED_DATASETS) scratch.datasets.set(d, pieces);
  }
  return pieces;
}

/** Escaped JSON string contents (UTF-8) as the string they stand for. */
function decode(escaped: Uint8Array): string {
  return unescapeJson(Buffer.from(escaped.buffer, escaped.byteOffset, escaped.length).toString('utf8'));
}

/** A field name's text: entry `f` of the table, decoded from `all` (its bytes as one Buffer: no view made per name). */
function fieldText(names: JsonNameTable, all: Buffer, f: number): string {
  return unescapeJson(all.toString('utf8', names.offsets[f], names.offsets[f + 1]));
}

/** The walk's nodes sorted by id: by dataset, then field name, unless one dataset's id head starts another's (then by whole ids). */
function sortById(count: number, head: string[], field: string[]): Int32Array {
  const order = Int32Array.from({ length: count }, (_, p) => p);
  const heads = [...new Set(head)].sort();
  let nested = false;
  for (let i = 1; i < heads.length && !nested; i++) nested = heads[i].startsWith(heads[i - 1]);
  if (nested) {
    const id = head.map((h, p) => h + field[p]);
    return order.sort((a, b) => (id[a] < id[b] ? -1 : id[a] > id[b] ? 1 : 0));
  }
  const rank = new Map(heads.map((h, i) => [h, i]));
  const headRank = head.map((h) => rank.get(h) as number);
  return order.sort((a, b) => headRank[a] - headRank[b] || (field[a] < field[b] ? -1 : field[a] > field[b] ? 1 : 0));
}

/**
 * Lists of links by node: `list[offsets[p]..offsets[p + 1]]` are the link
 * numbers (triple positions / 3) with `end` = p, in walk order, then sorted
 * by the rank of their other end (stable: a pair's first link comes first).
 */
function linksBy(links: readonly number[], count: number, end: 1 | 2, rank: Int32Array): { offsets: Int32Array; list: Int32Array } {
  const offsets = new Int32Array(count + 1);
  const n = links.length / 3;
  for (let l = 0; l < n; l++) offsets[links[l * 3 + end] + 1]++;
  for (let p = 0; p < count; p++) offsets[p + 1] += offsets[p];
  const fill = offsets.slice(0, count);
  const list = new Int32Array(n);
  for (let l = 0; l < n; l++) list[fill[links[l * 3 + end]]++] = l;
  const other = 3 - end;
  for (let p = 0; p < count; p++) {
    // insertion sort: lists are short (a field's inputs), and it is stable
    for (let i = offsets[p] + 1; i < offsets[p + 1]; i++) {
      const l = list[i];
      const r = rank[links[l * 3 + other]];
      let j = i - 1;
      while (j >= offsets[p] && rank[links[list[j] * 3 + other]] > r) {
        list[j + 1] = list[j];
        j--;
      }
      list[j + 1] = l;
    }
  }
  return { offsets, list };
}

export interface ColumnLineageMeta {
  readonly generation: number;
  readonly at?: number;
}

/**
 * The answer as UTF-8 bytes, or the index fields (ids) whose types `types`
 * does not hold yet: the caller reads them and asks again. `staleNone`: a
 * "no type" read at an earlier generation counts (a last attempt while
 * writes keep moving the generation on).
 */
export function walkToColumnLineage(
  view: SharedIndex,
  meta: ColumnLineageMeta,
  result: WalkResult,
  types: FieldTypeView,
  options: RenderOptions & { readonly scratch?: ColumnLineageScratch; readonly staleNone?: boolean } = {},
): Buffer | Int32Array {
  const { nodes, links } = result;
  const count = nodes.length;
  const typeOf = new Int32Array(count);
  const unheld: number[] = [];
  for (let p = 0; p < count; p++) {
    typeOf[p] = fieldTypeOf(types, nodes[p], meta.generation, options.staleNone);
    if (typeOf[p] === UNHELD) unheld.push(nodes[p]);
  }
  if (unheld.length > 0) return Int32Array.from(unheld);

  const { names, fieldDatasetId } = view;
  const scratch = options.scratch ?? new ColumnLineageScratch();
  const fieldBytes = Buffer.from(names.fieldName.bytes.buffer, names.fieldName.bytes.byteOffset, names.fieldName.bytes.length);
  // Each node's quoted id and its names ("namespace":…,"field":"…) in a side buffer, by position.
  const side = new JsonBytes(count * 120);
  const idStart = new Int32Array(count);
  const idEnd = new Int32Array(count);
  const namesEnd = new Int32Array(count);
  const head: string[] = new Array(count);
  const field: string[] = new Array(count);
  for (let p = 0; p < count; p++) {
    const n = nodes[p];
    const pieces = piecesOf(view, fieldDatasetId[n], scratch);
    idStart[p] = side.pos;
    side.put(pieces[0]);
    side.copyName(names.fieldName, n);
    side.byte(0x22);
    idEnd[p] = side.pos;
    side.put(pieces[1]);
    side.copyName(names.fieldName, n);
    side.byte(0x22);
    namesEnd[p] = side.pos;
    head[p] = pieces[2];
    field[p] = fieldText(names.fieldName, fieldBytes, n);
  }
  const order = sortById(count, head, field);
  const rank = new Int32Array(count);
  for (let k = 0; k < count; k++) rank[order[k]] = k;
  const into = linksBy(links, count, 2, rank);
  const outOf = linksBy(links, count, 1, rank);

  const edgeCount = view.edgeDirect.length;
  const strings = view.names.strings;
  const ids = side.buf;
  const out = new JsonBytes(count * 400 + links.length * 60 + 256, options.take);
  const typeNames = types.names;
  /** The links into p (`end` 1: each source once, origin → p) or out of p (`end` 2: each target once, p → destination). */
  const writeEdges = (by: { offsets: Int32Array; list: Int32Array }, end: 1 | 2, p: number) => {
    let last = -1;
    for (let i = by.offsets[p]; i < by.offsets[p + 1]; i++) {
      const other = links[by.list[i] * 3 + end];
      if (other === last) continue;
      out.put(last < 0 ? C.origin : C.nextOrigin);
      last = other;
      const from = end === 1 ? other : p;
      const to = end === 1 ? p : other;
      out.putRange(ids, idStart[from], idEnd[from]);
      out.put(C.destination);
      out.putRange(ids, idStart[to], idEnd[to]);
      out.put(C.edgeClose);
    }
  };
  out.put(C.open);
  for (let k = 0; k < count; k++) {
    const p = order[k];
    out.put(k === 0 ? C.nodeOpen : C.nextNodeOpen);
    out.putRange(ids, idStart[p], idEnd[p]);
    out.put(C.nodeData);
    out.putRange(ids, idEnd[p], namesEnd[p]);
    if (typeOf[p] === NO_TYPE) out.put(C.noType);
    else {
      out.put(C.fieldType);
      out.copyName(typeNames, typeOf[p]);
      out.put(C.quote);
    }
    const inFrom = into.offsets[p];
    const inTo = into.offsets[p + 1];
    if (inTo > inFrom) {
      // the node's transformation: its first input's
      const e = links[into.list[inFrom] * 3];
      if (e >= edgeCount) {
        out.put(C.rowLevelDescription);
        out.put(C.rowLevelType);
      } else {
        const d = view.edgeDescription[e];
        if (d >= 0 && strings.offsets[d + 1] - strings.offsets[d] > 2) {
          out.put(C.description);
          out.copyName(strings, d);
        }
        out.put(TYPES[view.edgeDirect[e]]);
      }
    }
    out.put(C.inputsOpen);
    let last = -1;
    let first = true;
    for (let i = inFrom; i < inTo; i++) {
      const l = into.list[i];
      const source = links[l * 3 + 1];
      if (source === last) continue;
      last = source;
      out.put(first ? C.inputOpen : C.nextInputOpen);
      first = false;
      out.putRange(ids, idEnd[source], namesEnd[source]);
      const e = links[l * 3];
      if (e >= edgeCount) {
        out.put(C.rowLevelDescription);
        out.put(C.rowLevelKind);
        continue;
      }
      const d = view.edgeDescription[e];
      if (d >= 0 && strings.offsets[d + 1] - strings.offsets[d] > 2) {
        out.put(C.description);
        out.copyName(strings, d);
      }
      out.put(edgeKind(view.edgeDirect[e], view.edgeSubtype[e]));
      out.put(C.edgeClose);
    }
    out.put(C.inEdgesOpen);
    writeEdges(into, 1, p);
    out.put(C.outEdgesOpen);
    writeEdges(outOf, 2, p);
    out.put(C.nodeClose);
  }
  out.byte(0x5d);
  const asOf = asOfText(meta.at);
  if (asOf !== undefined) out.text(`,"asOf":${JSON.stringify(asOf)}`);
  out.byte(0x7d);
  return out.done();
}
