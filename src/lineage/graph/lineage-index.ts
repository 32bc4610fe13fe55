import type { ColumnEdge } from '../../model/column-edge.js';
import { TRANSFORMATION_SUBTYPES, type TransformationSubtype } from '../../model/transformation.js';
import { type Column, type ColumnType, headroom, type JsonNameTable, SharedColumn, SharedNames } from './shared-columns.js';

export { headroom, type JsonNameTable } from './shared-columns.js';

/**
 * A compact in-memory index of the column edges and when each was true:
 * integer ids for fields and datasets, typed arrays in shared memory, CSR
 * adjacency in both directions. Every interval of an edge is a slot of its
 * own (source, target, attributes, [from, to) in seconds; ADR 0024): lists
 * hold every slot, and a walk crosses those true at its instant (`to` open
 * for the present), so a walk as of any instant costs what a walk now does. Built whole once (at start, or when the change log no longer
 * reaches back), then moved forward generation by generation by `apply()`,
 * which returns a new snapshot and leaves the old one as it was (ADR 0017):
 *
 * - new fields, datasets, edges and strings are appended to shared columns
 *   that have room to grow; a snapshot sees a prefix of each, so an append
 *   never changes what an older snapshot (or a render thread still walking
 *   it) reads;
 * - a node whose list of links changed gets its whole new list in the
 *   snapshot's patch (`Csr.patch`), which replaces the base list; an edge
 *   that died is simply absent from its ends' lists. The patch has two
 *   layers (LayeredLists): the lists changed lately, written for each
 *   snapshot, over the older ones, written once per fold, so a snapshot
 *   costs about what its change touched;
 * - when patches grow large the service builds a fresh base from the live
 *   state (`liveEdges()`, `runLinks()`) in the background.
 *
 * Answers do not depend on how a snapshot came to be: every list is kept in
 * the order a build from scratch gives it (edges by their rank, the store's
 * page order; dataset links by their first edge, then run links by name;
 * a table's columns by first appearance), so a walk over an applied
 * snapshot and over a fresh build of the same edges writes the same bytes.
 */

export interface DatasetLinkInput {
  readonly sourceNamespace: string;
  readonly sourceDataset: string;
  readonly targetNamespace: string;
  readonly targetDataset: string;
  /** When the first run linking them ran (index seconds, see indexTime); 0 when not known: since ever. */
  readonly from?: number;
}

/** `to` of an interval still true (and the largest instant the index holds). */
export const OPEN = 0xffff_ffff;
/** The instant of a walk of the present: what is true now (`to` open), whatever its start. */
export const PRESENT = -1;

/**
 * An instant as the index keeps it: whole seconds since 1970 (an unsigned
 * 32-bit number: 1970 to 2106), so an interval costs 8 bytes a slot. An
 * instant within a second counts as that second (ADR 0024).
 */
export function indexTime(ms: number): number {
  if (!Number.isFinite(ms)) return ms > 0 ? OPEN - 1 : 0;
  return Math.min(OPEN - 1, Math.max(0, Math.floor(ms / 1000)));
}

/** An interval [from, to) in index seconds; to = OPEN while it holds. */
export type Span = readonly [from: number, to: number];

/** A stored interval in index seconds: still true → open; an ended one without an end → empty; no start → since ever. */
export function validitySpan(from: Date | null, to: Date | null, active: boolean): Span {
  const start = from ? indexTime(from.getTime()) : 0;
  if (active) return [start, OPEN];
  return [start, to ? indexTime(to.getTime()) : start];
}

/** One edge of the change log, as the store holds it now: every interval it was true over (none: gone), and its rank. */
export interface ChangedEdge {
  readonly edge: ColumnEdge;
  /** Where the edge sorts in the store's page order (see `edgeRank`). */
  readonly rank: number;
  readonly spans: readonly Span[];
}

/** A start (`added`) or end (`removed`) of a slot's interval (see LineageIndex.boundaries). */
export interface IndexBoundary {
  readonly slot: number;
  readonly change: 'added' | 'removed';
  /** Index seconds. */
  readonly at: number;
}

/** True when slot `e` of `from`/`to` holds at `at` (PRESENT: its interval is still open). */
export function holdsAt(from: Uint32Array, to: Uint32Array, e: number, at: number): boolean {
  return at === PRESENT ? to[e] === OPEN : from[e] <= at && at < to[e];
}

/** Intervals sorted, the empty ones dropped, overlapping or touching ones merged (mergeFlatSpans on the pairs). */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const merged = mergeFlatSpans(spans.flat());
  const out: Span[] = [];
  for (let i = 0; i < merged.length; i += 2) out.push([merged[i], merged[i + 1]]);
  return out;
}

/**
 * Intervals given as (from, to) pairs in one array, sorted, the empty ones
 * dropped, overlapping or touching ones merged, answered as pairs: when
 * every interval is still open (a hub's slots, mostly), the earliest start
 * to OPEN without sorting them.
 */
function mergeFlatSpans(flat: readonly number[]): readonly number[] {
  let earliest = OPEN;
  let allOpen = true;
  for (let i = 0; i < flat.length && allOpen; i += 2) {
    allOpen = flat[i + 1] === OPEN;
    if (flat[i] < earliest) earliest = flat[i];
  }
  if (allOpen) return flat.length === 0 || earliest === OPEN ? [] : [earliest, OPEN];
  const order: number[] = [];
  for (let i = 0; i < flat.length; i += 2) if (flat[i + 1] > flat[i]) order.push(i);
  order.sort((x, y) => flat[x] - flat[y] || flat[x + 1] - flat[y + 1]);
  const out: number[] = [];
  for (const i of order) {
    const end = out.length - 1;
    if (end > 0 && flat[i] <= out[end]) out[end] = Math.max(out[end], flat[i + 1]);
    else out.push(flat[i], flat[i + 1]);
  }
  return out;
}

/**
 * What a writer of this process changed, known from the rows it wrote:
 * edges it created (each with its lineage id and every interval it is true
 * over), the other edges it changed (ended, say: read back by key), and
 * its runs' dataset links in full. The index applies it reading the
 * created edges' ranks and the others (LineageRepository.changesWritten),
 * not the runs' links. A writer gives it only when it knows those links so.
 */
export interface WrittenChanges {
  readonly edges: readonly { readonly lineageId: string; readonly edge: ColumnEdge; readonly spans: readonly Span[] }[];
  readonly readBack: readonly string[];
  readonly links: readonly DatasetLinkInput[];
}

/** What changed between the snapshot's generation and `generation`. */
export interface IndexChanges {
  readonly generation: number;
  readonly edges: readonly ChangedEdge[];
  /** Dataset links of runs whose inputs or outputs were written (they are never removed). */
  readonly links: readonly DatasetLinkInput[];
}

/**
 * The rank of an edge from the store's page key: DuckDB's rowid (a number) on
 * the embedded engine, lineage_id (64 lower-case hex digits) on Teradata, of
 * which the first 13 digits (52 bits) make an exact float. Two ids that share
 * those 52 bits would sort by arrival instead (about 1 in 10^15 per pair).
 */
export function edgeRank(pageKey: string | number | bigint): number {
  if (typeof pageKey === 'number') return pageKey;
  if (typeof pageKey === 'bigint') return Number(pageKey);
  const hex = pageKey.trim().slice(0, 13);
  return /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) * 16 ** (13 - hex.length) : 0;
}

/**
 * Lists that replace their node's base list: `nodes` ascending, the list of
 * nodes[k] is entries offsets[k]..offsets[k+1] of `targets`/`edges`.
 */
export interface Patch {
  readonly nodes: Int32Array;
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly edges: Int32Array;
  /** The lists changed before these (LayeredLists' older layer): a node this layer does not list is looked up there. */
  readonly older?: Patch;
}

/** Adjacency in CSR form: the neighbours of node i are entries offsets[i]..offsets[i+1] of `targets`/`edges`, unless `patch` lists i. */
export interface Csr {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  /** Link id per entry: the edge index in the column graph, the dataset-link index in the table graph. */
  readonly edges: Int32Array;
  /** Lists changed since the base was built; nodes past the base have a list only here. */
  readonly patch?: Patch;
  /** Nodes of the graph (more than the base's when some were added since). */
  readonly nodeCount?: number;
  /** Link ids are below this. */
  readonly linkCount?: number;
}

/**
 * Position of `node` in one layer of a patch, or -1. A caller looks in
 * `patch.older` when the newer layer does not list the node (see
 * `patchLayer`).
 */
export function patchSlot(patch: Patch, node: number): number {
  const { nodes } = patch;
  let lo = 0;
  let hi = nodes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = nodes[mid];
    if (v === node) return mid;
    if (v < node) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The layer of `patch` that lists `node`, the newer first, or undefined (the base's list holds then); its position there is `patchSlot(layer, node)`. */
export function patchLayer(patch: Patch | undefined, node: number): Patch | undefined {
  if (patch === undefined) return undefined;
  if (patchSlot(patch, node) >= 0) return patch;
  return patch.older !== undefined && patchSlot(patch.older, node) >= 0 ? patch.older : undefined;
}

/**
 * The position of each dataset pair (from[p], to[p]) by its two ends:
 * positions grouped by their first end (offsets over the datasets), each
 * group ordered by the second, found by binary search. A Map keyed by
 * `a * PAIR + b` held every key as a heap number: at 10M edges (about 2M
 * pairs) filling it and asking it once per edge took about 10 of the 23 s
 * a start from the snapshot spent sealing the index. -1 for a pair not there.
 */
function pairFinder(datasets: number, from: Int32Array, to: Int32Array): (a: number, b: number) => number {
  const n = from.length;
  const offsets = new Int32Array(datasets + 1);
  for (let p = 0; p < n; p++) offsets[from[p] + 1]++;
  for (let d = 0; d < datasets; d++) offsets[d + 1] += offsets[d];
  const cursor = offsets.slice(0, datasets);
  const order = new Int32Array(n);
  for (let p = 0; p < n; p++) order[cursor[from[p]]++] = p;
  const seconds = new Int32Array(n);
  for (let d = 0; d < datasets; d++) {
    const start = offsets[d];
    const end = offsets[d + 1];
    if (end - start > 1) order.subarray(start, end).set(Array.from(order.subarray(start, end)).sort((x, y) => to[x] - to[y]));
    for (let i = start; i < end; i++) seconds[i] = to[order[i]];
  }
  return (a, b) => {
    if (a < 0 || a >= datasets) return -1;
    let lo = offsets[a];
    let hi = offsets[a + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = seconds[mid];
      if (v < b) lo = mid + 1;
      else if (v > b) hi = mid - 1;
      else return order[mid];
    }
    return -1;
  };
}

function buildCsr(nodeCount: number, from: Int32Array, to: Int32Array): Csr {
  const offsets = new Int32Array(nodeCount + 1);
  for (let i = 0; i < from.length; i++) offsets[from[i] + 1]++;
  for (let i = 0; i < nodeCount; i++) offsets[i + 1] += offsets[i];
  const cursor = offsets.slice(0, nodeCount);
  const targets = new Int32Array(from.length);
  const edges = new Int32Array(from.length);
  for (let i = 0; i < from.length; i++) {
    const slot = cursor[from[i]]++;
    targets[slot] = to[i];
    edges[slot] = i;
  }
  return { offsets, targets, edges };
}

/** Row-level links of the column graph, both ways (see LineageIndex.fieldRowLevel). */
export interface RowLevel {
  readonly up: Int32Array;
  /** `up` of the fields changed or added since the base: fields ascending, `values` beside them. */
  readonly upPatch?: { readonly nodes: Int32Array; readonly values: Int32Array };
  readonly down: Csr;
  /** A row-level link's id is linkBase + its column: past every edge id (the edge count of the snapshot). */
  readonly linkBase: number;
}

/** The `*` of a field's dataset under row-level links (`up`), or -1. */
export function rowLevelUp(rowLevel: RowLevel, field: number): number {
  if (rowLevel.upPatch !== undefined) {
    const { nodes, values } = rowLevel.upPatch;
    let lo = 0;
    let hi = nodes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (nodes[mid] === field) return values[mid];
      if (nodes[mid] < field) lo = mid + 1;
      else hi = mid - 1;
    }
  }
  return field < rowLevel.up.length ? rowLevel.up[field] : -1;
}

/**
 * What a render thread needs of an index: typed arrays in shared memory and
 * names already escaped for JSON. Structured-clonable without copying.
 */
export interface SharedIndex {
  readonly generation: number;
  /** Which base this snapshot grew from: snapshots of one base share ids (see LineageIndex.apply). */
  readonly base: number;
  readonly fieldDatasetId: Int32Array;
  /** See LineageIndex.fieldRowLevel. */
  readonly fieldRowLevel: RowLevel;
  readonly forward: Csr;
  readonly backward: Csr;
  readonly datasetForward: Csr;
  readonly datasetBackward: Csr;
  readonly edgeDirect: Uint8Array;
  /** Position in TRANSFORMATION_SUBTYPES. */
  readonly edgeSubtype: Uint8Array;
  readonly edgeDescription: Int32Array;
  readonly edgeConfidence: Float32Array;
  readonly edgeMasking: Uint8Array;
  /** When each edge slot was true: [from, to) in index seconds (to OPEN while it holds). */
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
  /** When each link of the table graph held (its id is the slot's). */
  readonly linkFrom: Uint32Array;
  readonly linkTo: Uint32Array;
  readonly names: {
    readonly datasetNamespace: JsonNameTable;
    readonly datasetName: JsonNameTable;
    readonly fieldName: JsonNameTable;
    /** Interned strings (descriptions), quoted. */
    readonly strings: JsonNameTable;
  };
}

/**
 * A base as a snapshot file keeps it (index-snapshot.ts): the interned names
 * and the edge columns in id order, the table graph's links by link id, and
 * the run links. Enough to seal the same base again without the store.
 */
export interface IndexBase {
  readonly generation: number;
  readonly datasetNamespace: readonly string[];
  readonly datasetName: readonly string[];
  /** Interned strings (descriptions). */
  readonly strings: readonly string[];
  readonly names: { readonly datasetNamespace: JsonNameTable; readonly datasetName: JsonNameTable; readonly fieldName: JsonNameTable; readonly strings: JsonNameTable };
  readonly fieldDatasetId: Int32Array;
  readonly edgeSource: Int32Array;
  readonly edgeTarget: Int32Array;
  readonly edgeDirect: Uint8Array;
  readonly edgeSubtype: Uint8Array;
  readonly edgeDescription: Int32Array;
  readonly edgeConfidence: Float32Array;
  readonly edgeMasking: Uint8Array;
  readonly edgeRank: Float64Array;
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
  /** Dataset pair i goes from dataset pairFrom[i] to pairTo[i] (pairs in order of their first edge; the table graph's links are their intervals). */
  readonly pairFrom: Int32Array;
  readonly pairTo: Int32Array;
  /** Dataset pairs that runs link (inputs to outputs), flattened: [from, to, from, to, …]. */
  readonly runLinks: Int32Array;
  /** When the first run of each run link ran (index seconds), by run link. */
  readonly runLinkFrom: Uint32Array;
}

const PAIR = 4_194_304;
/** The `*` field's name as its name table holds it. */
const STAR = Buffer.from('*');
const EMPTY = new Int32Array(0);

/** Names compared by UTF-16 code units (the order run links are added in, whatever order the store returned them). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What every snapshot of one base shares: the base (built whole), the
 * append-only columns and names, and the lookups that only grow. Only the
 * newest snapshot appends.
 */
let bases = 0;

class IndexStore {
  /** Unique in the process (see SharedIndex.base). */
  readonly id = ++bases;
  readonly datasetNamespace: string[] = [];
  readonly datasetName: string[] = [];
  readonly datasetIds = new Map<string, number>();
  readonly strings: string[] = [];
  readonly stringIds = new Map<string, number>();
  readonly namespaces = new Map<string, string>();
  /** Fields added after the base, by dataset. */
  readonly addedFields = new Map<number, number[]>();
  /** Run links (dataset pairs from run inputs and outputs), both ways, and by pair key with when their first run ran. */
  readonly runOut = new Map<number, number[]>();
  readonly runIn = new Map<number, number[]>();
  readonly runFrom = new Map<number, number>();
  /** Ids of dataset pairs that were not in the base. */
  readonly addedPairIds = new Map<number, number>();
  /** Table-graph links made after the base, by pair: reused when a pair's intervals come back the same. */
  readonly addedLinks = new Map<number, number[]>();

  fieldDatasetId!: SharedColumn<Int32Array>;
  edgeSource!: SharedColumn<Int32Array>;
  edgeTarget!: SharedColumn<Int32Array>;
  edgeDirect!: SharedColumn<Uint8Array>;
  edgeSubtype!: SharedColumn<Uint8Array>;
  edgeDescription!: SharedColumn<Int32Array>;
  edgeConfidence!: SharedColumn<Float32Array>;
  edgeMasking!: SharedColumn<Uint8Array>;
  edgeRank!: SharedColumn<Float64Array>;
  edgeFrom!: SharedColumn<Uint32Array>;
  edgeTo!: SharedColumn<Uint32Array>;
  /** Dataset pairs by id: their two ends. */
  pairA!: SharedColumn<Int32Array>;
  pairB!: SharedColumn<Int32Array>;
  /** Table-graph links: one per interval of a pair (its pair, [from, to)). */
  linkPair!: SharedColumn<Int32Array>;
  linkFrom!: SharedColumn<Uint32Array>;
  linkTo!: SharedColumn<Uint32Array>;
  names = { datasetNamespace: SharedNames.empty(), datasetName: SharedNames.empty(), fieldName: SharedNames.empty(), strings: SharedNames.empty(true) };

  baseFieldCount = 0;
  baseEdgeCount = 0;
  basePairCount = 0;
  baseLinkCount = 0;
  datasetFieldOffsets!: Int32Array;
  datasetFields!: Int32Array;
  forward!: Csr;
  backward!: Csr;
  datasetForward!: Csr;
  datasetBackward!: Csr;
  up!: Int32Array;
  down!: Csr;

  /** The snapshot that may apply changes (the newest). */
  latest?: LineageIndex;
  /** The base's column-graph slots by start and by end, for boundaries(); built on first use, for this `forward`. */
  boundaryOrder?: BoundaryOrder;

  intern(s: string | null): number {
    if (s === null) return -1;
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
      this.names.strings.push(s);
    }
    return id;
  }

  /** A dataset's id (alive or not), created when asked to; -1 when absent. */
  dataset(namespace: string, dataset: string, create: boolean): number {
    const k = `${namespace}\u0001${dataset}`;
    let id = this.datasetIds.get(k);
    if (id === undefined && create) {
      id = this.datasetName.length;
      this.datasetIds.set(k, id);
      // One string per namespace, however many datasets share it.
      let ns = this.namespaces.get(namespace);
      if (ns === undefined) this.namespaces.set(namespace, (ns = namespace));
      this.datasetNamespace.push(ns);
      this.datasetName.push(dataset);
      this.names.datasetNamespace.push(ns);
      this.names.datasetName.push(dataset);
    }
    return id ?? -1;
  }

  /** Adds a run link, or moves its start earlier; true when the pair's intervals changed. */
  addRunLink(a: number, b: number, from: number): boolean {
    const k = a * PAIR + b;
    if (a === b) return false;
    const known = this.runFrom.get(k);
    if (known !== undefined) {
      if (from >= known) return false;
      this.runFrom.set(k, from);
      return true;
    }
    this.runFrom.set(k, from);
    let out = this.runOut.get(a);
    if (!out) this.runOut.set(a, (out = []));
    out.push(b);
    let into = this.runIn.get(b);
    if (!into) this.runIn.set(b, (into = []));
    into.push(a);
    return true;
  }

  addEdgeRow(e: ColumnEdge, s: number, t: number, rank: number, from: number, to: number): number {
    const id = this.edgeSource.length;
    this.edgeSource.push(s);
    this.edgeTarget.push(t);
    this.edgeDirect.push(e.transformationType === 'INDIRECT' ? 0 : 1);
    // Position in TRANSFORMATION_SUBTYPES; a subtype outside the vocabulary is shown as TRANSFORMATION.
    const st = TRANSFORMATION_SUBTYPES.indexOf((e.transformationSubtype ?? 'IDENTITY') as TransformationSubtype);
    this.edgeSubtype.push(st < 0 ? 1 : st);
    this.edgeDescription.push(this.intern(e.description));
    this.edgeConfidence.push(e.confidence ?? Number.NaN);
    this.edgeMasking.push(e.masking ? 1 : 0);
    this.edgeRank.push(rank);
    this.edgeFrom.push(from);
    this.edgeTo.push(to);
    return id;
  }

  addLink(pair: number, from: number, to: number): number {
    const id = this.linkPair.length;
    this.linkPair.push(pair);
    this.linkFrom.push(from);
    this.linkTo.push(to);
    return id;
  }
}

/** A node's list of links as the walk reads it, with `[target, link]` pairs flattened for the dataset graph. */
type Lists = ReadonlyMap<number, Int32Array>;

/**
 * When LayeredLists folds: once its recent layer holds more than
 * max(minimum, perRootEntry × √(older layer's entries)) entries. A setting
 * so that tests can fold small overlays (the property test of apply() runs
 * with both).
 */
export const OVERLAY_FOLD = { minimum: 4096, perRootEntry: 32 };

/** LayeredLists' older layer: shared by the snapshots until a fold, its patch built once. */
interface OlderLayer {
  readonly lists: Lists;
  /** Entries of its lists. */
  readonly weight: number;
  patch?: Patch;
}

/**
 * Lists replaced since the base, in two layers, so that a snapshot costs
 * what its change touched rather than the whole overlay: `older`, shared by
 * every snapshot until the next fold, with its patch built once, and
 * `recent`, copied for each snapshot and its patch written anew. A list in
 * `recent` replaces the node's list in `older`. Once `recent` holds more
 * than 32 √(older's entries) entries (OVERLAY_FOLD, 4,096 at least), the
 * next snapshot folds it into a new `older`: a fold copies the overlay, and
 * comes once in hundreds of snapshots when they are as small as a group
 * commit's.
 */
class LayeredLists {
  private constructor(
    private readonly older: OlderLayer,
    private readonly recent: Map<number, Int32Array>,
    /** Entries of `recent`'s lists. */
    private recentWeight: number,
    /** Entries of every list (a list of `recent` counted instead of the one it replaces). */
    private total: number,
  ) {}

  static empty(): LayeredLists {
    return new LayeredLists({ lists: new Map(), weight: 0 }, new Map(), 0, 0);
  }

  get(node: number): Int32Array | undefined {
    return this.recent.get(node) ?? this.older.lists.get(node);
  }

  has(node: number): boolean {
    return this.recent.has(node) || this.older.lists.has(node);
  }

  set(node: number, list: Int32Array): void {
    const replaced = this.recent.get(node);
    this.recentWeight += list.length - (replaced?.length ?? 0);
    this.total += list.length - ((replaced ?? this.older.lists.get(node))?.length ?? 0);
    this.recent.set(node, list);
  }

  /** Entries of every list: what the overlay holds. */
  get weight(): number {
    return this.total;
  }

  /** Every node's list, each once (a recent one rather than the older it replaces). */
  *entries(): Generator<[number, Int32Array]> {
    yield* this.recent;
    for (const entry of this.older.lists) if (!this.recent.has(entry[0])) yield entry;
  }

  /** The lists for the next snapshot: `recent` copied, or folded into a new `older` once it is large enough. */
  next(): LayeredLists {
    if (this.recentWeight <= Math.max(OVERLAY_FOLD.minimum, OVERLAY_FOLD.perRootEntry * Math.sqrt(this.older.weight))) return new LayeredLists(this.older, new Map(this.recent), this.recentWeight, this.total);
    const lists = new Map(this.older.lists);
    for (const [node, list] of this.recent) lists.set(node, list);
    return new LayeredLists({ lists, weight: this.total }, new Map(), 0, this.total);
  }

  /** The patch a snapshot's adjacency carries: the recent layer over the older one (either alone when the other is empty). */
  patch(pairs: boolean, targetOf?: (link: number) => number): Patch | undefined {
    const older = this.older.lists.size === 0 ? undefined : (this.older.patch ??= toPatch(this.older.lists, pairs, targetOf));
    if (this.recent.size === 0) return older;
    const recent = toPatch(this.recent, pairs, targetOf);
    return older === undefined ? recent : { ...recent, older };
  }
}

function toPatch(lists: Lists, pairs: boolean, targetOf?: (link: number) => number): Patch {
  const nodes = Int32Array.from([...lists.keys()].sort((a, b) => a - b));
  const offsets = new Int32Array(new SharedArrayBuffer(4 * (nodes.length + 1)));
  let total = 0;
  for (let k = 0; k < nodes.length; k++) {
    total += (lists.get(nodes[k]) as Int32Array).length / (pairs ? 2 : 1);
    offsets[k + 1] = total;
  }
  const targets = new Int32Array(new SharedArrayBuffer(4 * total));
  const edges = new Int32Array(new SharedArrayBuffer(4 * total));
  for (let k = 0; k < nodes.length; k++) {
    const list = lists.get(nodes[k]) as Int32Array;
    let at = offsets[k];
    if (pairs) {
      for (let i = 0; i < list.length; i += 2, at++) {
        targets[at] = list[i];
        edges[at] = list[i + 1];
      }
    } else {
      for (let i = 0; i < list.length; i++, at++) {
        edges[at] = list[i];
        targets[at] = targetOf ? targetOf(list[i]) : list[i];
      }
    }
  }
  const sharedNodes = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, nodes.length))).subarray(0, nodes.length);
  sharedNodes.set(nodes);
  return { nodes: sharedNodes, offsets, targets, edges };
}

/** Bytes of one layer of a patch. */
function patchBytes(p: Patch | undefined): number {
  return p === undefined ? 0 : p.nodes.byteLength + p.offsets.byteLength + p.targets.byteLength + p.edges.byteLength;
}

function shared<T extends Column>(a: T): T {
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(Math.max(a.BYTES_PER_ELEMENT, a.byteLength)));
  copy.set(a as never);
  return copy.subarray(0, a.length) as T;
}

function sharedCsr(c: Csr): Csr {
  return { offsets: shared(c.offsets), targets: shared(c.targets), edges: shared(c.edges) };
}

export class LineageIndex {
  private readonly store: IndexStore;
  fieldCount = 0;
  /** Edge slots (ids) of this snapshot, dead ones included: row-level link ids start here. */
  edgeCount = 0;
  /** Edges true now (slots whose interval is open). */
  activeEdgeCount = 0;
  /** Slots a walk as of some instant may cross (every interval of every edge the index holds). */
  slotCount = 0;
  /** Fields with an edge true now (ids of fields whose edges all ended stay: a walk of the past reaches them). */
  liveFieldCount = 0;
  datasetCount = 0;
  private pairCount = 0;
  private linkCount = 0;

  /** Lists replaced since the base (see Patch), by node, in two layers (LayeredLists): a snapshot copies the recent one. */
  private forwardLists = LayeredLists.empty();
  private backwardLists = LayeredLists.empty();
  private datasetForwardLists = LayeredLists.empty();
  private datasetBackwardLists = LayeredLists.empty();
  private downLists = LayeredLists.empty();
  private upValues = new Map<number, number>();
  /** Changes applied since the base was built. */
  appliedChanges = 0;

  fieldDatasetId!: Int32Array;
  /**
   * Row-level links, both ways. `up`: by field, the `*` field of its dataset
   * (row-level edges: filters, joins, grouping keys that decide every column
   * of it), or -1 when the dataset has none or the field is the `*` itself.
   * `down`: by field, the columns its dataset's `*` decides (empty unless the
   * field is a `*`). Both hold every field that ever had an edge; a walk
   * crosses a row-level link when both ends have an edge true at its
   * instant. See walk().
   */
  fieldRowLevel!: RowLevel;
  edgeSource!: Int32Array;
  edgeTarget!: Int32Array;
  edgeDirect!: Uint8Array;
  /** Position in TRANSFORMATION_SUBTYPES. */
  edgeSubtype!: Uint8Array;
  edgeDescription!: Int32Array;
  edgeConfidence!: Float32Array;
  edgeMasking!: Uint8Array;
  /** Rank of each edge (see edgeRank): lists are kept in this order. */
  edgeRank!: Float64Array;
  /** When each slot was true: [from, to) in index seconds (to OPEN while it holds). */
  edgeFrom!: Uint32Array;
  edgeTo!: Uint32Array;
  /** When each table-graph link held. */
  linkFrom!: Uint32Array;
  linkTo!: Uint32Array;
  forward!: Csr;
  backward!: Csr;
  datasetForward!: Csr;
  datasetBackward!: Csr;

  private sharedView?: SharedIndex;

  private constructor(
    readonly generation: number,
    store?: IndexStore,
  ) {
    this.store = store ?? new IndexStore();
  }

  /** A field's name (kept once, in the JSON name table the render threads read, and decoded when asked). */
  fieldName(field: number): string {
    return this.store.names.fieldName.text(field);
  }

  get datasetNamespace(): readonly string[] {
    return this.store.datasetNamespace;
  }

  get datasetName(): readonly string[] {
    return this.store.datasetName;
  }

  fieldNamespace(field: number): string {
    return this.store.datasetNamespace[this.fieldDatasetId[field]];
  }

  fieldDataset(field: number): string {
    return this.store.datasetName[this.fieldDatasetId[field]];
  }

  string(id: number): string | undefined {
    return id < 0 ? undefined : this.store.strings[id];
  }

  /** Entries of the patches and edges appended since the base was built (what a merge folds back into a base). */
  get overlaySize(): number {
    return this.edgeCount - this.store.baseEdgeCount + this.forwardLists.weight + this.backwardLists.weight;
  }

  /** True when the overlay has grown to a fair share of the base: time to build a new base in the background. */
  get wantsMerge(): boolean {
    return this.overlaySize > Math.max(50_000, this.store.baseEdgeCount >> 3);
  }

  /** The id of a dataset with lineage at `at` (an edge true then, or a run link), or -1. */
  datasetId(namespace: string, dataset: string, at: number = PRESENT): number {
    const d = this.store.dataset(namespace, dataset, false);
    if (d < 0 || d >= this.datasetCount) return -1;
    return this.datasetAlive(d, at) ? d : -1;
  }

  /** The id of a field with an edge true at `at`, or -1. A dataset has few fields, so they are scanned rather than kept in a map of every field. */
  fieldId(namespace: string, dataset: string, field: string, at: number = PRESENT): number {
    const d = this.store.dataset(namespace, dataset, false);
    if (d < 0 || d >= this.datasetCount) return -1;
    const f = this.findField(d, field);
    return f >= 0 && this.aliveAt(f, at) ? f : -1;
  }

  private findField(d: number, field: string): number {
    return this.findEncoded(d, Buffer.from(JSON.stringify(field).slice(1, -1), 'utf8'));
  }

  /** A field of dataset d by its name as the name table holds it, or -1. */
  private findEncoded(d: number, encoded: Uint8Array): number {
    const names = this.store.names.fieldName;
    for (const f of this.fieldsOf(d)) if (names.holds(f, encoded)) return f;
    return -1;
  }

  private fieldsOf(d: number): number[] {
    const s = this.store;
    const out: number[] = [];
    if (d < s.datasetFieldOffsets.length - 1) for (let i = s.datasetFieldOffsets[d]; i < s.datasetFieldOffsets[d + 1]; i++) out.push(s.datasetFields[i]);
    for (const f of s.addedFields.get(d) ?? []) if (f < this.fieldCount) out.push(f);
    return out;
  }

  private datasetAlive(d: number, at: number): boolean {
    for (const list of [this.datasetOut(d), this.datasetIn(d)]) for (let i = 1; i < list.length; i += 2) if (holdsAt(this.linkFrom, this.linkTo, list[i], at)) return true;
    for (const f of this.fieldsOf(d)) if (this.aliveAt(f, at)) return true;
    return false;
  }

  /** True when the field has an edge true at `at`. */
  private aliveAt(f: number, at: number): boolean {
    for (const list of [this.fieldOut(f), this.fieldIn(f)]) for (let i = 0; i < list.length; i++) if (holdsAt(this.edgeFrom, this.edgeTo, list[i], at)) return true;
    return false;
  }

  /** Slots of the field's edges, every interval: a field with none was never in the index. */
  private degree(f: number): number {
    return this.fieldOut(f).length + this.fieldIn(f).length;
  }

  /** Edge slots out of a field, in rank order (then by start). */
  private fieldOut(f: number): Int32Array {
    return this.forwardLists.get(f) ?? (f < this.store.baseFieldCount ? this.store.forward.edges.subarray(this.store.forward.offsets[f], this.store.forward.offsets[f + 1]) : EMPTY);
  }

  private fieldIn(f: number): Int32Array {
    return this.backwardLists.get(f) ?? (f < this.store.baseFieldCount ? this.store.backward.edges.subarray(this.store.backward.offsets[f], this.store.backward.offsets[f + 1]) : EMPTY);
  }

  /** `[target, link]` pairs out of a dataset. */
  private datasetOut(d: number): Int32Array {
    return this.datasetForwardLists.get(d) ?? this.basePairs(this.store.datasetForward, d);
  }

  private datasetIn(d: number): Int32Array {
    return this.datasetBackwardLists.get(d) ?? this.basePairs(this.store.datasetBackward, d);
  }

  private basePairs(csr: Csr, d: number): Int32Array {
    if (d >= csr.offsets.length - 1) return EMPTY;
    const out = new Int32Array(2 * (csr.offsets[d + 1] - csr.offsets[d]));
    for (let i = csr.offsets[d], k = 0; i < csr.offsets[d + 1]; i++, k += 2) {
      out[k] = csr.targets[i];
      out[k + 1] = csr.edges[i];
    }
    return out;
  }

  static build(generation: number, edges: Iterable<ColumnEdge>, datasetLinks: Iterable<DatasetLinkInput> = []): LineageIndex {
    const builder = LineageIndex.builder(generation);
    let rank = 0;
    for (const e of edges) builder.addEdge(e, rank++);
    for (const l of datasetLinks) builder.addLink(l);
    return builder.finish();
  }

  /**
   * Incremental build, so edges can be streamed in pages instead of held as
   * objects all at once. Slots come in rank order, an edge's intervals by
   * start (the store's page order; `rank` defaults to the arrival order,
   * the interval to [0, OPEN): since ever, still true). Run links may come
   * in any order.
   */
  static builder(generation: number): { addEdge(e: ColumnEdge, rank?: number, from?: number, to?: number): void; addLink(l: DatasetLinkInput): void; finish(): LineageIndex } {
    const index = new LineageIndex(generation);
    const store = index.store;
    // Only needed while building: the sealed index finds fields through their dataset.
    const fieldIds = new Map<string, number>();
    store.fieldDatasetId = new SharedColumn(Int32Array, 4096);
    const fieldOf = (namespace: string, dataset: string, field: string): number => {
      const d = store.dataset(namespace, dataset, true);
      const k = `${d}\u0001${field}`;
      let id = fieldIds.get(k);
      if (id === undefined) {
        id = store.names.fieldName.count;
        fieldIds.set(k, id);
        store.names.fieldName.push(field);
        store.fieldDatasetId.push(d);
      }
      return id;
    };
    emptyColumns(store);
    const dsPairs = new Map<number, number>();
    const dsFrom: number[] = [];
    const dsTo: number[] = [];
    const addDatasetLink = (a: number, b: number) => {
      if (a === b) return;
      const k = a * PAIR + b;
      if (dsPairs.has(k)) return;
      dsPairs.set(k, dsFrom.length);
      dsFrom.push(a);
      dsTo.push(b);
    };
    const links: DatasetLinkInput[] = [];
    let arrival = 0;
    return {
      addEdge(e: ColumnEdge, rank = arrival, from = 0, to = OPEN) {
        arrival++;
        // An interval within one second (or none at all) is true at no instant the index tells apart.
        if (to <= from) return;
        const s = fieldOf(e.sourceNamespace, e.sourceDataset, e.sourceField);
        const t = fieldOf(e.targetNamespace, e.targetDataset, e.targetField);
        store.addEdgeRow(e, s, t, rank, from, to);
        addDatasetLink(store.fieldDatasetId.get(s), store.fieldDatasetId.get(t));
      },
      addLink(l: DatasetLinkInput) {
        links.push(l);
      },
      finish() {
        // Run links after the edges' links, by name: the same order whatever order the store returned them in.
        links.sort(
          (x, y) =>
            compareText(x.sourceNamespace, y.sourceNamespace) ||
            compareText(x.sourceDataset, y.sourceDataset) ||
            compareText(x.targetNamespace, y.targetNamespace) ||
            compareText(x.targetDataset, y.targetDataset),
        );
        for (const l of links) {
          const a = store.dataset(l.sourceNamespace, l.sourceDataset, true);
          const b = store.dataset(l.targetNamespace, l.targetDataset, true);
          store.addRunLink(a, b, l.from ?? 0);
          addDatasetLink(a, b);
        }
        return index.seal(Int32Array.from(dsFrom), Int32Array.from(dsTo));
      },
    };
  }

  /**
   * Seals a base: field adjacency from the slots, the table graph from the
   * dataset pairs (`dsFrom[i]` → `dsTo[i]`: pair i, in order of first slot,
   * then run links by name), one link per interval of each pair (the union
   * of its slots' intervals and of its run link's), and the row-level links.
   */
  private seal(dsFrom: Int32Array, dsTo: Int32Array): LineageIndex {
    const s = this.store;
    const fields = s.names.fieldName.count;
    const datasets = s.datasetName.length;
    const edges = s.edgeSource.length;
    // Everything a walk or a rendering reads lives in shared memory (see SharedIndex), with room to grow.
    const grow = <T extends Column>(type: ColumnType<T>, c: SharedColumn<T>) => SharedColumn.adopt(type, c.view(), headroom(c.length));
    s.fieldDatasetId = grow(Int32Array, s.fieldDatasetId);
    s.edgeSource = grow(Int32Array, s.edgeSource);
    s.edgeTarget = grow(Int32Array, s.edgeTarget);
    s.edgeDirect = grow(Uint8Array, s.edgeDirect);
    s.edgeSubtype = grow(Uint8Array, s.edgeSubtype);
    s.edgeDescription = grow(Int32Array, s.edgeDescription);
    s.edgeConfidence = grow(Float32Array, s.edgeConfidence);
    s.edgeMasking = grow(Uint8Array, s.edgeMasking);
    s.edgeRank = grow(Float64Array, s.edgeRank);
    s.edgeFrom = grow(Uint32Array, s.edgeFrom);
    s.edgeTo = grow(Uint32Array, s.edgeTo);
    const fieldDatasetId = s.fieldDatasetId.view();
    const source = s.edgeSource.view();
    const target = s.edgeTarget.view();
    const from = s.edgeFrom.view();
    const to = s.edgeTo.view();
    s.forward = sharedCsr(buildCsr(fields, source, target));
    s.backward = sharedCsr(buildCsr(fields, target, source));
    // Pairs, and each pair's intervals: those of its slots (counted, then gathered pair by pair) and its run link's.
    const pairs = dsFrom.length;
    s.pairA = SharedColumn.of(Int32Array, dsFrom, headroom(pairs));
    s.pairB = SharedColumn.of(Int32Array, dsTo, headroom(pairs));
    const pairOf = pairFinder(datasets, dsFrom, dsTo);
    const slotPair = new Int32Array(edges).fill(-1);
    const counts = new Int32Array(pairs + 1);
    for (let e = 0; e < edges; e++) {
      const a = fieldDatasetId[source[e]];
      const b = fieldDatasetId[target[e]];
      if (a === b) continue;
      const p = pairOf(a, b);
      if (p < 0) continue;
      slotPair[e] = p;
      counts[p + 1]++;
    }
    for (let p = 0; p < pairs; p++) counts[p + 1] += counts[p];
    const cursor = counts.slice(0, pairs);
    const bySlot = new Int32Array(counts[pairs]);
    for (let e = 0; e < edges; e++) if (slotPair[e] >= 0) bySlot[cursor[slotPair[e]]++] = e;
    s.linkPair = new SharedColumn(Int32Array, pairs + 1024);
    s.linkFrom = new SharedColumn(Uint32Array, pairs + 1024);
    s.linkTo = new SharedColumn(Uint32Array, pairs + 1024);
    const linkA: number[] = [];
    const linkB: number[] = [];
    for (let p = 0; p < pairs; p++) {
      const spans: Span[] = [];
      for (let i = counts[p]; i < counts[p + 1]; i++) spans.push([from[bySlot[i]], to[bySlot[i]]]);
      const run = s.runFrom.get(dsFrom[p] * PAIR + dsTo[p]);
      if (run !== undefined) spans.push([run, OPEN]);
      for (const [f, t] of spans.length === 1 ? spans : mergeSpans(spans)) {
        s.addLink(p, f, t);
        linkA.push(dsFrom[p]);
        linkB.push(dsTo[p]);
      }
    }
    s.linkPair = SharedColumn.adopt(Int32Array, s.linkPair.view(), headroom(s.linkPair.length));
    s.linkFrom = SharedColumn.adopt(Uint32Array, s.linkFrom.view(), headroom(s.linkFrom.length));
    s.linkTo = SharedColumn.adopt(Uint32Array, s.linkTo.view(), headroom(s.linkTo.length));
    const la = Int32Array.from(linkA);
    const lb = Int32Array.from(linkB);
    s.datasetForward = sharedCsr(buildCsr(datasets, la, lb));
    s.datasetBackward = sharedCsr(buildCsr(datasets, lb, la));
    const byDataset = buildCsr(datasets, fieldDatasetId, Int32Array.from({ length: fields }, (_, i) => i));
    s.datasetFieldOffsets = byDataset.offsets;
    s.datasetFields = byDataset.targets;
    s.baseFieldCount = fields;
    s.baseEdgeCount = edges;
    s.basePairCount = pairs;
    s.baseLinkCount = la.length;
    this.fieldCount = fields;
    this.datasetCount = datasets;
    this.edgeCount = edges;
    this.slotCount = edges;
    this.pairCount = pairs;
    this.linkCount = la.length;
    let open = 0;
    for (let e = 0; e < edges; e++) if (to[e] === OPEN) open++;
    this.activeEdgeCount = open;
    const up = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, fields))).subarray(0, fields).fill(-1);
    for (let d = 0; d < datasets; d++) {
      const star = this.findEncoded(d, STAR);
      if (star < 0) continue;
      for (let i = s.datasetFieldOffsets[d]; i < s.datasetFieldOffsets[d + 1]; i++) if (s.datasetFields[i] !== star) up[s.datasetFields[i]] = star;
    }
    const members = Int32Array.from({ length: fields }, (_, f) => f).filter((f) => up[f] >= 0);
    s.down = sharedCsr(buildCsr(fields, Int32Array.from(members, (f) => up[f]), members));
    s.up = up;
    s.latest = this;
    this.publish();
    let live = 0;
    for (let f = 0; f < fields; f++) if (this.aliveAt(f, PRESENT)) live++;
    this.liveFieldCount = live;
    return this;
  }

  /**
   * This base as a snapshot file keeps it; only for a snapshot that is a base
   * as built (by `builder()` or `fromBase()`), before any change was applied.
   * Taken at once (arrays are prefixes that later appends do not touch, name
   * lists are copied), so it can be written while the index moves on.
   */
  base(): IndexBase {
    const s = this.store;
    if (this.appliedChanges > 0 || this.edgeCount !== s.baseEdgeCount) throw new Error(`lineage index: generation ${this.generation} is not a base as built`);
    const runLinks = new Int32Array(2 * s.runFrom.size);
    const runLinkFrom = new Uint32Array(s.runFrom.size);
    let k = 0;
    for (const [a, targetsOfA] of s.runOut) {
      for (const b of targetsOfA) {
        runLinkFrom[k >> 1] = s.runFrom.get(a * PAIR + b) as number;
        runLinks[k++] = a;
        runLinks[k++] = b;
      }
    }
    const names = s.names;
    return {
      generation: this.generation,
      datasetNamespace: s.datasetNamespace.slice(0, this.datasetCount),
      datasetName: s.datasetName.slice(0, this.datasetCount),
      strings: s.strings.slice(),
      names: { datasetNamespace: names.datasetNamespace.view(), datasetName: names.datasetName.view(), fieldName: names.fieldName.view(), strings: names.strings.view() },
      fieldDatasetId: this.fieldDatasetId,
      edgeSource: this.edgeSource,
      edgeTarget: this.edgeTarget,
      edgeDirect: this.edgeDirect,
      edgeSubtype: this.edgeSubtype,
      edgeDescription: this.edgeDescription,
      edgeConfidence: this.edgeConfidence,
      edgeMasking: this.edgeMasking,
      edgeRank: this.edgeRank,
      edgeFrom: this.edgeFrom,
      edgeTo: this.edgeTo,
      pairFrom: s.pairA.view().slice(0, s.basePairCount),
      pairTo: s.pairB.view().slice(0, s.basePairCount),
      runLinks: runLinks.subarray(0, k),
      runLinkFrom: runLinkFrom.subarray(0, k >> 1),
    };
  }

  /**
   * The base `base` describes, sealed as `builder()` would seal it from the
   * same edges and links: answers are byte for byte the same. Columns whose
   * shared buffer already has room (as index-snapshot.ts reads them) are
   * used in place.
   */
  static fromBase(base: IndexBase): LineageIndex {
    const index = new LineageIndex(base.generation);
    const s = index.store;
    for (let d = 0; d < base.datasetName.length; d++) {
      let ns = s.namespaces.get(base.datasetNamespace[d]);
      if (ns === undefined) s.namespaces.set(base.datasetNamespace[d], (ns = base.datasetNamespace[d]));
      s.datasetNamespace.push(ns);
      s.datasetName.push(base.datasetName[d]);
      s.datasetIds.set(`${ns}\u0001${base.datasetName[d]}`, d);
    }
    for (const text of base.strings) {
      s.stringIds.set(text, s.strings.length);
      s.strings.push(text);
    }
    s.names = {
      datasetNamespace: SharedNames.adopt(base.names.datasetNamespace),
      datasetName: SharedNames.adopt(base.names.datasetName),
      fieldName: SharedNames.adopt(base.names.fieldName),
      strings: SharedNames.adopt(base.names.strings, true),
    };
    const adopt = <T extends Column>(type: ColumnType<T>, values: T) => SharedColumn.adopt(type, values, headroom(values.length));
    s.fieldDatasetId = adopt(Int32Array, base.fieldDatasetId);
    s.edgeSource = adopt(Int32Array, base.edgeSource);
    s.edgeTarget = adopt(Int32Array, base.edgeTarget);
    s.edgeDirect = adopt(Uint8Array, base.edgeDirect);
    s.edgeSubtype = adopt(Uint8Array, base.edgeSubtype);
    s.edgeDescription = adopt(Int32Array, base.edgeDescription);
    s.edgeConfidence = adopt(Float32Array, base.edgeConfidence);
    s.edgeMasking = adopt(Uint8Array, base.edgeMasking);
    s.edgeRank = adopt(Float64Array, base.edgeRank);
    s.edgeFrom = adopt(Uint32Array, base.edgeFrom);
    s.edgeTo = adopt(Uint32Array, base.edgeTo);
    for (let i = 0; i < base.runLinks.length; i += 2) s.addRunLink(base.runLinks[i], base.runLinks[i + 1], base.runLinkFrom[i >> 1]);
    return index.seal(base.pairFrom, base.pairTo);
  }

  /** Sets the snapshot's arrays: prefixes of the shared columns, base adjacency with this snapshot's patches. */
  private publish(): LineageIndex {
    const s = this.store;
    this.fieldDatasetId = s.fieldDatasetId.view();
    this.edgeSource = s.edgeSource.view();
    this.edgeTarget = s.edgeTarget.view();
    this.edgeDirect = s.edgeDirect.view();
    this.edgeSubtype = s.edgeSubtype.view();
    this.edgeDescription = s.edgeDescription.view();
    this.edgeConfidence = s.edgeConfidence.view();
    this.edgeMasking = s.edgeMasking.view();
    this.edgeRank = s.edgeRank.view();
    this.edgeFrom = s.edgeFrom.view();
    this.edgeTo = s.edgeTo.view();
    this.linkFrom = s.linkFrom.view();
    this.linkTo = s.linkTo.view();
    const fieldGraph = { nodeCount: this.fieldCount, linkCount: this.edgeCount };
    const datasetGraph = { nodeCount: this.datasetCount, linkCount: this.linkCount };
    const withPatch = (base: Csr, lists: LayeredLists, extra: object, pairs: boolean, targetOf?: (link: number) => number): Csr => {
      const patch = lists.patch(pairs, targetOf);
      return { ...base, ...(patch ? { patch } : {}), ...extra };
    };
    const target = this.edgeTarget;
    const source = this.edgeSource;
    this.forward = withPatch(s.forward, this.forwardLists, fieldGraph, false, (e) => target[e]);
    this.backward = withPatch(s.backward, this.backwardLists, fieldGraph, false, (e) => source[e]);
    this.datasetForward = withPatch(s.datasetForward, this.datasetForwardLists, datasetGraph, true);
    this.datasetBackward = withPatch(s.datasetBackward, this.datasetBackwardLists, datasetGraph, true);
    let upPatch: RowLevel['upPatch'];
    if (this.upValues.size > 0) {
      const nodes = Int32Array.from([...this.upValues.keys()].sort((a, b) => a - b));
      const values = Int32Array.from(nodes, (f) => this.upValues.get(f) as number);
      upPatch = { nodes: shared(nodes), values: shared(values) };
    }
    this.fieldRowLevel = {
      up: s.up,
      ...(upPatch ? { upPatch } : {}),
      down: withPatch(s.down, this.downLists, fieldGraph, false),
      linkBase: this.edgeCount,
    };
    return this;
  }

  /**
   * Bytes of the shared arrays and name tables this snapshot reads, room to
   * grow included, and the base's time order once /changes built it;
   * strings for lookups come on top.
   */
  sharedBytes(): number {
    const s = this.store;
    const csr = (c: Csr) =>
      c.offsets.byteLength + c.targets.byteLength + c.edges.byteLength + patchBytes(c.patch) + patchBytes(c.patch?.older);
    const columns = [s.fieldDatasetId, s.edgeSource, s.edgeTarget, s.edgeDirect, s.edgeSubtype, s.edgeDescription, s.edgeConfidence, s.edgeMasking, s.edgeRank, s.edgeFrom, s.edgeTo, s.pairA, s.pairB, s.linkPair, s.linkFrom, s.linkTo];
    const rl = this.fieldRowLevel;
    return (
      columns.reduce((n, c) => n + c.allocatedBytes, 0) +
      Object.values(s.names).reduce((n, t) => n + t.allocatedBytes, 0) +
      csr(this.forward) + csr(this.backward) + csr(this.datasetForward) + csr(this.datasetBackward) + csr(rl.down) +
      rl.up.byteLength + (rl.upPatch ? rl.upPatch.nodes.byteLength + rl.upPatch.values.byteLength : 0) +
      (s.boundaryOrder ? s.boundaryOrder.byFrom.byteLength + s.boundaryOrder.byTo.byteLength : 0)
    );
  }

  /** The index as render threads see it (shared memory, JSON-ready names); made once per snapshot. */
  view(): SharedIndex {
    const names = this.store.names;
    this.sharedView ??= {
      generation: this.generation,
      base: this.store.id,
      fieldDatasetId: this.fieldDatasetId,
      fieldRowLevel: this.fieldRowLevel,
      forward: this.forward,
      backward: this.backward,
      datasetForward: this.datasetForward,
      datasetBackward: this.datasetBackward,
      edgeDirect: this.edgeDirect,
      edgeSubtype: this.edgeSubtype,
      edgeDescription: this.edgeDescription,
      edgeConfidence: this.edgeConfidence,
      edgeMasking: this.edgeMasking,
      edgeFrom: this.edgeFrom,
      edgeTo: this.edgeTo,
      linkFrom: this.linkFrom,
      linkTo: this.linkTo,
      names: { datasetNamespace: names.datasetNamespace.view(), datasetName: names.datasetName.view(), fieldName: names.fieldName.view(), strings: names.strings.view() },
    };
    return this.sharedView;
  }

  /** True when `other` shares this snapshot's base (ids mean the same in both; a render thread may keep per-dataset pieces). */
  sameBase(other: LineageIndex): boolean {
    return this.store === other.store;
  }

  /**
   * The snapshot at `changes.generation`: this one with the changes applied.
   * Applying a change twice, or one the snapshot already holds, changes
   * nothing (an edge row says its intervals; the index follows them). Only
   * the newest snapshot of a base applies changes.
   */
  apply(changes: IndexChanges): LineageIndex {
    const s = this.store;
    if (s.latest !== this) throw new Error(`lineage index: generation ${this.generation} is not the newest snapshot of its base`);
    const next = new LineageIndex(changes.generation, s);
    next.fieldCount = this.fieldCount;
    next.edgeCount = this.edgeCount;
    next.activeEdgeCount = this.activeEdgeCount;
    next.slotCount = this.slotCount;
    next.liveFieldCount = this.liveFieldCount;
    next.datasetCount = this.datasetCount;
    next.pairCount = this.pairCount;
    next.linkCount = this.linkCount;
    next.forwardLists = this.forwardLists.next();
    next.backwardLists = this.backwardLists.next();
    next.datasetForwardLists = this.datasetForwardLists.next();
    next.datasetBackwardLists = this.datasetBackwardLists.next();
    next.downLists = this.downLists.next();
    next.upValues = new Map(this.upValues);
    next.appliedChanges = this.appliedChanges + changes.edges.length + changes.links.length;
    next.fieldDatasetId = s.fieldDatasetId.view();
    next.viewSlots();
    next.linkFrom = s.linkFrom.view();
    next.linkTo = s.linkTo.view();
    const touchedDatasets = new Set<number>();
    const datasetsOut = new Set<number>();
    const datasetsIn = new Set<number>();
    const wasAlive = new Map<number, boolean>();
    for (const change of changes.edges) next.applyEdge(change, touchedDatasets, datasetsOut, datasetsIn, wasAlive);
    for (const [f, alive] of wasAlive) next.liveFieldCount += Number(next.aliveAt(f, PRESENT)) - Number(alive);
    for (const l of changes.links) {
      const a = next.datasetFor(l.sourceNamespace, l.sourceDataset);
      const b = next.datasetFor(l.targetNamespace, l.targetDataset);
      if (s.addRunLink(a, b, l.from ?? 0)) {
        datasetsOut.add(a);
        datasetsIn.add(b);
      }
    }
    for (const d of datasetsOut) next.datasetForwardLists.set(d, next.datasetLinksOf(d, true));
    for (const d of datasetsIn) next.datasetBackwardLists.set(d, next.datasetLinksOf(d, false));
    for (const d of touchedDatasets) next.refreshRowLevel(d);
    s.latest = next;
    return next.publish();
  }

  /** The edge columns as they stand (appends may have moved them to larger buffers). */
  private viewSlots(): void {
    const s = this.store;
    this.edgeSource = s.edgeSource.view();
    this.edgeTarget = s.edgeTarget.view();
    this.edgeRank = s.edgeRank.view();
    this.edgeFrom = s.edgeFrom.view();
    this.edgeTo = s.edgeTo.view();
  }

  private datasetFor(namespace: string, dataset: string): number {
    const d = this.store.dataset(namespace, dataset, true);
    if (d >= this.datasetCount) this.datasetCount = d + 1;
    return d;
  }

  private fieldFor(namespace: string, dataset: string, field: string, create: boolean): number {
    const s = this.store;
    const d = create ? this.datasetFor(namespace, dataset) : s.dataset(namespace, dataset, false);
    if (d < 0) return -1;
    const found = this.findField(d, field);
    if (found >= 0 || !create) return found;
    const id = s.names.fieldName.count;
    s.names.fieldName.push(field);
    s.fieldDatasetId.push(d);
    let added = s.addedFields.get(d);
    if (!added) s.addedFields.set(d, (added = []));
    added.push(id);
    this.fieldCount = id + 1;
    this.fieldDatasetId = s.fieldDatasetId.view();
    return id;
  }

  /** `list` without the slots of `drop`, with the slots of `add` in (rank, start) order (after slots that sort equal). */
  private withSlots(list: Int32Array, drop: ReadonlySet<number>, add: readonly number[]): Int32Array {
    const rank = this.edgeRank;
    const from = this.edgeFrom;
    const kept = drop.size > 0 ? list.filter((e) => !drop.has(e)) : list;
    if (add.length === 0) return kept;
    const out: number[] = Array.from(kept);
    for (const e of add) {
      let lo = 0;
      let hi = out.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const m = out[mid];
        if (rank[m] < rank[e] || (rank[m] === rank[e] && from[m] <= from[e])) lo = mid + 1;
        else hi = mid;
      }
      out.splice(lo, 0, e);
    }
    return Int32Array.from(out);
  }

  private applyEdge(change: ChangedEdge, touched: Set<number>, datasetsOut: Set<number>, datasetsIn: Set<number>, wasAlive: Map<number, boolean>): void {
    const { edge, rank } = change;
    const spans = change.spans.filter(([f, t]) => t > f);
    const create = spans.length > 0;
    const s = this.fieldFor(edge.sourceNamespace, edge.sourceDataset, edge.sourceField, create);
    const t = s < 0 ? -1 : this.fieldFor(edge.targetNamespace, edge.targetDataset, edge.targetField, create);
    if (s < 0 || t < 0) return;
    // The edge's slots as they are, matched to the intervals it has now: kept when the same, dropped when gone, added when new.
    const out = this.fieldOut(s);
    const drop = new Set<number>();
    const wanted = new Set(spans.map(([f, to]) => `${f}:${to}`));
    for (let i = 0; i < out.length; i++) {
      const e = out[i];
      if (this.edgeRank[e] !== rank || this.edgeTarget[e] !== t) continue;
      const key = `${this.edgeFrom[e]}:${this.edgeTo[e]}`;
      if (wanted.has(key)) wanted.delete(key);
      else drop.add(e);
    }
    if (drop.size === 0 && wanted.size === 0) return;
    for (const f of [s, t]) if (!wasAlive.has(f)) wasAlive.set(f, this.aliveAt(f, PRESENT));
    const add: number[] = [];
    for (const [f, to] of spans) {
      if (!wanted.has(`${f}:${to}`)) continue;
      const e = this.store.addEdgeRow(edge, s, t, rank, f, to);
      this.edgeCount = e + 1;
      this.viewSlots();
      add.push(e);
      this.slotCount++;
      if (to === OPEN) this.activeEdgeCount++;
    }
    for (const e of drop) {
      this.slotCount--;
      if (this.edgeTo[e] === OPEN) this.activeEdgeCount--;
    }
    this.forwardLists.set(s, this.withSlots(out, drop, add));
    this.backwardLists.set(t, this.withSlots(this.fieldIn(t), drop, add));
    const a = this.fieldDatasetId[s];
    const b = this.fieldDatasetId[t];
    touched.add(a);
    touched.add(b);
    if (a !== b) {
      datasetsOut.add(a);
      datasetsIn.add(b);
    }
  }

  /** The id of dataset pair (a, b): the base's, or one given when the pair first appeared. */
  private pairId(a: number, b: number): number {
    const s = this.store;
    const base = s.datasetForward;
    if (a < base.offsets.length - 1) for (let i = base.offsets[a]; i < base.offsets[a + 1]; i++) if (base.targets[i] === b) return s.linkPair.get(base.edges[i]);
    const k = a * PAIR + b;
    let id = s.addedPairIds.get(k);
    if (id === undefined) {
      s.addedPairIds.set(k, (id = s.pairA.length));
      s.pairA.push(a);
      s.pairB.push(b);
    }
    if (id >= this.pairCount) this.pairCount = id + 1;
    return id;
  }

  /** The table-graph link of pair `pair` over [from, to): the base's or an earlier one when the same, else a new one. */
  private linkOf(pair: number, a: number, from: number, to: number): number {
    const s = this.store;
    const base = s.datasetForward;
    // only a pair of the base has links in it (a pair first seen since has an id past them)
    if (pair < s.basePairCount && a < base.offsets.length - 1) {
      for (let i = base.offsets[a]; i < base.offsets[a + 1]; i++) {
        const l = base.edges[i];
        if (s.linkPair.get(l) === pair && s.linkFrom.get(l) === from && s.linkTo.get(l) === to) return l;
      }
    }
    let added = s.addedLinks.get(pair);
    for (const l of added ?? []) if (s.linkFrom.get(l) === from && s.linkTo.get(l) === to) return l;
    const l = s.addLink(pair, from, to);
    if (!added) s.addedLinks.set(pair, (added = []));
    added.push(l);
    if (l >= this.linkCount) this.linkCount = l + 1;
    this.linkFrom = s.linkFrom.view();
    this.linkTo = s.linkTo.view();
    return l;
  }

  /**
   * The table-level links of dataset d, one way, as a build from scratch
   * orders them: the datasets its edges link it to, by their first slot's
   * rank, then those only run links link, by the other dataset's name; one
   * link per interval of each pair (its slots' and its run link's,
   * merged), in time order.
   */
  private datasetLinksOf(d: number, outward: boolean): Int32Array {
    const s = this.store;
    const ends = outward ? this.edgeTarget : this.edgeSource;
    const first = new Map<number, number>();
    /** Per other dataset, its slots' intervals as (from, to) pairs in one array: a hub's thousands of slots are not as many arrays. */
    const spans = new Map<number, number[]>();
    for (const f of this.fieldsOf(d)) {
      const list = outward ? this.fieldOut(f) : this.fieldIn(f);
      for (let i = 0; i < list.length; i++) {
        const e = list[i];
        const other = this.fieldDatasetId[ends[e]];
        if (other === d) continue;
        const r = this.edgeRank[e];
        const sp = spans.get(other);
        if (sp === undefined) {
          spans.set(other, [this.edgeFrom[e], this.edgeTo[e]]);
          first.set(other, r);
          continue;
        }
        if (r < (first.get(other) as number)) first.set(other, r);
        sp.push(this.edgeFrom[e], this.edgeTo[e]);
      }
    }
    const byEdges = [...first].sort((x, y) => x[1] - y[1]).map(([other]) => other);
    const runOnly = (outward ? s.runOut.get(d) : s.runIn.get(d))?.filter((other) => !first.has(other)) ?? [];
    runOnly.sort((x, y) => compareText(s.datasetNamespace[x], s.datasetNamespace[y]) || compareText(s.datasetName[x], s.datasetName[y]));
    const out: number[] = [];
    for (const other of [...byEdges, ...runOnly]) {
      const [a, b] = outward ? [d, other] : [other, d];
      const pair = this.pairId(a, b);
      const flat = spans.get(other) ?? [];
      const run = s.runFrom.get(a * PAIR + b);
      if (run !== undefined) flat.push(run, OPEN);
      const merged = mergeFlatSpans(flat);
      for (let i = 0; i < merged.length; i += 2) out.push(other, this.linkOf(pair, a, merged[i], merged[i + 1]));
    }
    return Int32Array.from(out);
  }

  /** Where a field first appears in rank order (as a source before as a target): a build from scratch numbers fields so. */
  private firstAppearance(f: number): [number, number] {
    const out = this.fieldOut(f);
    const into = this.fieldIn(f);
    const asSource = out.length > 0 ? this.edgeRank[out[0]] : Infinity;
    const asTarget = into.length > 0 ? this.edgeRank[into[0]] : Infinity;
    return asSource <= asTarget ? [asSource, 0] : [asTarget, 1];
  }

  /** Row-level links of dataset d after its fields changed: `up` of its fields, `down` of its `*` (every field with a slot, whenever true). */
  private refreshRowLevel(d: number): void {
    const fields = this.fieldsOf(d);
    const known = fields.filter((f) => this.degree(f) > 0);
    const starField = fields.find((f) => this.store.names.fieldName.holds(f, STAR)) ?? -1;
    const star = starField >= 0 && this.degree(starField) > 0 ? starField : -1;
    for (const f of fields) {
      if (f === starField) continue;
      const want = star >= 0 && this.degree(f) > 0 ? star : -1;
      const base = f < this.store.up.length ? this.store.up[f] : -1;
      if (want === base) this.upValues.delete(f);
      else this.upValues.set(f, want);
    }
    if (starField < 0) return;
    const columns = star < 0 ? [] : known.filter((f) => f !== star);
    const keys = new Map(columns.map((f) => [f, this.firstAppearance(f)]));
    columns.sort((x, y) => {
      const [rx, sx] = keys.get(x) as [number, number];
      const [ry, sy] = keys.get(y) as [number, number];
      return rx - ry || sx - sy || x - y;
    });
    this.downLists.set(starField, Int32Array.from(columns));
  }

  /**
   * Every slot in (rank, start) order, with its edge, rank and interval: what
   * a new base is built from (see LineageIndexService). Slots that ended at
   * or before `horizon` (index seconds: history older than
   * LINEAGE_HISTORY_DAYS) are left out.
   */
  *slots(horizon = 0): Generator<[ColumnEdge, number, number, number]> {
    const s = this.store;
    const alive = new Uint8Array(this.edgeCount);
    for (let f = 0; f < this.fieldCount; f++) for (const e of this.fieldOut(f)) alive[e] = 1;
    const keep = (e: number) => alive[e] === 1 && (this.edgeTo[e] === OPEN || this.edgeTo[e] > horizon);
    const order = (x: number, y: number) => this.edgeRank[x] - this.edgeRank[y] || this.edgeFrom[x] - this.edgeFrom[y] || x - y;
    const added: number[] = [];
    for (let e = s.baseEdgeCount; e < this.edgeCount; e++) if (keep(e)) added.push(e);
    added.sort(order);
    let k = 0;
    for (let e = 0; e < s.baseEdgeCount; e++) {
      if (!keep(e)) continue;
      while (k < added.length && order(added[k], e) < 0) yield this.slotAt(added[k++]);
      yield this.slotAt(e);
    }
    while (k < added.length) yield this.slotAt(added[k++]);
  }

  /**
   * Every start and end of a slot in [from, until) (index seconds), with its
   * edge: the column edges that began or ended then (GET …/changes reads
   * them here, not with a scan of every edge of the store).
   */
  boundaries(from: number, until: number): IndexBoundary[] {
    const s = this.store;
    const out: IndexBoundary[] = [];
    const check = (e: number) => {
      const a = this.edgeFrom[e];
      const b = this.edgeTo[e];
      if (a >= from && a < until && b > a) out.push({ slot: e, change: 'added', at: a });
      if (b !== OPEN && b >= from && b < until && b > a) out.push({ slot: e, change: 'removed', at: b });
    };
    // The base's slots in time order (two binary searches, not a pass over every edge), less those of
    // fields whose list a change replaced; those lists are read whole.
    const order = s.boundaryOrder?.forward === s.forward ? s.boundaryOrder : (s.boundaryOrder = boundaryOrder(s.forward, this.edgeFrom, this.edgeTo));
    const patched = this.forwardLists;
    for (let i = lowerBound(order.byFrom, this.edgeFrom, from), end = lowerBound(order.byFrom, this.edgeFrom, until); i < end; i++) {
      const e = order.byFrom[i];
      if (this.edgeTo[e] > this.edgeFrom[e] && !patched.has(this.edgeSource[e])) out.push({ slot: e, change: 'added', at: this.edgeFrom[e] });
    }
    for (let i = lowerBound(order.byTo, this.edgeTo, from), end = lowerBound(order.byTo, this.edgeTo, until); i < end; i++) {
      const e = order.byTo[i];
      if (this.edgeTo[e] > this.edgeFrom[e] && !patched.has(this.edgeSource[e])) out.push({ slot: e, change: 'removed', at: this.edgeTo[e] });
    }
    for (const [f, list] of patched.entries()) if (f < this.fieldCount) for (let i = 0; i < list.length; i++) check(list[i]);
    return out;
  }


  /** The edge of a slot, with its rank (see slots()). */
  slotEdge(e: number): [ColumnEdge, number] {
    const [edge, rank] = this.slotAt(e);
    return [edge, rank];
  }

  /** Every run link of this snapshot's datasets, with when its first run ran. */
  *runLinks(): Generator<DatasetLinkInput> {
    const s = this.store;
    for (const [a, targets] of s.runOut) {
      if (a >= this.datasetCount) continue;
      for (const b of targets) {
        if (b >= this.datasetCount) continue;
        yield { sourceNamespace: s.datasetNamespace[a], sourceDataset: s.datasetName[a], targetNamespace: s.datasetNamespace[b], targetDataset: s.datasetName[b], from: s.runFrom.get(a * PAIR + b) ?? 0 };
      }
    }
  }

  private slotAt(e: number): [ColumnEdge, number, number, number] {
    const s = this.store;
    const src = this.edgeSource[e];
    const dst = this.edgeTarget[e];
    const confidence = s.edgeConfidence.get(e);
    return [
      {
        sourceNamespace: this.fieldNamespace(src),
        sourceDataset: this.fieldDataset(src),
        sourceField: this.fieldName(src),
        targetNamespace: this.fieldNamespace(dst),
        targetDataset: this.fieldDataset(dst),
        targetField: this.fieldName(dst),
        transformationType: s.edgeDirect.get(e) ? 'DIRECT' : 'INDIRECT',
        transformationSubtype: TRANSFORMATION_SUBTYPES[s.edgeSubtype.get(e)],
        description: this.string(s.edgeDescription.get(e)) ?? null,
        masking: s.edgeMasking.get(e) === 1,
        confidence: Number.isNaN(confidence) ? null : confidence,
      },
      this.edgeRank[e],
      this.edgeFrom[e],
      this.edgeTo[e],
    ];
  }
}

/** A base's slots (those its forward lists hold) sorted by when they began, and those that ended by when they ended. */
interface BoundaryOrder {
  readonly forward: Csr;
  readonly byFrom: Int32Array;
  readonly byTo: Int32Array;
}

function boundaryOrder(forward: Csr, from: Uint32Array, to: Uint32Array): BoundaryOrder {
  const slots = forward.edges.subarray(0, forward.offsets[forward.offsets.length - 1]);
  const byFrom = Int32Array.from(slots).sort((a, b) => from[a] - from[b]);
  const byTo = Int32Array.from(slots.filter((e) => to[e] !== OPEN)).sort((a, b) => to[a] - to[b]);
  return { forward, byFrom, byTo };
}

/** The first position of `sorted` (slots in order of `time`) whose time is at least `at`. */
function lowerBound(sorted: Int32Array, time: Uint32Array, at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[sorted[mid]] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Empty growing columns for a build. */
function emptyColumns(store: IndexStore): void {
  store.edgeSource = new SharedColumn(Int32Array, 4096);
  store.edgeTarget = new SharedColumn(Int32Array, 4096);
  store.edgeDirect = new SharedColumn(Uint8Array, 4096);
  store.edgeSubtype = new SharedColumn(Uint8Array, 4096);
  store.edgeDescription = new SharedColumn(Int32Array, 4096);
  store.edgeConfidence = new SharedColumn(Float32Array, 4096);
  store.edgeMasking = new SharedColumn(Uint8Array, 4096);
  store.edgeRank = new SharedColumn(Float64Array, 4096);
  store.edgeFrom = new SharedColumn(Uint32Array, 4096);
  store.edgeTo = new SharedColumn(Uint32Array, 4096);
}
