import type { ColumnEdge } from '../../model/column-edge.js';
import { TRANSFORMATION_SUBTYPES, type TransformationSubtype } from '../../model/transformation.js';

/**
 * A compact, immutable in-memory index of the active column edges: integer
 * ids for fields and datasets, typed arrays in CSR form for both directions.
 * Built off the request path and swapped in whole (see LineageIndexService).
 */

export interface DatasetLinkInput {
  readonly sourceNamespace: string;
  readonly sourceDataset: string;
  readonly targetNamespace: string;
  readonly targetDataset: string;
}

/** Adjacency in CSR form: the neighbours of node i are entries offsets[i]..offsets[i+1] of `targets`/`edges`. */
export interface Csr {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  /** Link id per entry: the edge index in the column graph, the dataset-link index in the table graph. */
  readonly edges: Int32Array;
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

type Column = Int32Array | Uint8Array | Float32Array;

/** An append-only typed column that doubles as it fills: no boxed numbers while the index builds. */
class Growable<T extends Column> {
  private data: T;
  length = 0;

  constructor(private readonly make: (n: number) => T) {
    this.data = make(4096);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data as never);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i];
  }

  /** The values, in shared memory. */
  seal(): T {
    return shared(this.data.subarray(0, this.length) as T);
  }
}

const int32 = (n: number) => new Int32Array(n);

/** A copy in shared memory, so render threads read the index without copying it. */
function shared<T extends Column>(a: T): T {
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a as never);
  return copy;
}

function sharedCsr(c: Csr): Csr {
  return { offsets: shared(c.offsets), targets: shared(c.targets), edges: shared(c.edges) };
}

/** Row-level links of the column graph, both ways (see LineageIndex.fieldRowLevel). */
export interface RowLevel {
  readonly up: Int32Array;
  readonly down: Csr;
}

/** Strings as escaped JSON string contents in UTF-8: entry i is bytes[offsets[i]..offsets[i+1]]. */
export interface JsonNameTable {
  readonly bytes: Uint8Array;
  readonly offsets: Int32Array;
}

function nameTable(values: readonly string[], quote = false): JsonNameTable {
  const encoded = values.map((v) => {
    const json = JSON.stringify(v);
    return quote ? json : json.slice(1, -1);
  });
  const offsets = new Int32Array(new SharedArrayBuffer(4 * (encoded.length + 1)));
  for (let i = 0; i < encoded.length; i++) offsets[i + 1] = offsets[i] + Buffer.byteLength(encoded[i]);
  const bytes = new Uint8Array(new SharedArrayBuffer(Math.max(1, offsets[encoded.length])));
  const view = Buffer.from(bytes.buffer, 0, bytes.byteLength);
  for (let i = 0; i < encoded.length; i++) view.write(encoded[i], offsets[i], 'utf8');
  return { bytes, offsets };
}

/**
 * What a render thread needs of an index: typed arrays in shared memory and
 * names already escaped for JSON. Structured-clonable without copying.
 */
export interface SharedIndex {
  readonly generation: number;
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
  readonly names: {
    readonly datasetNamespace: JsonNameTable;
    readonly datasetName: JsonNameTable;
    readonly fieldName: JsonNameTable;
    /** Interned strings (descriptions), quoted. */
    readonly strings: JsonNameTable;
  };
}

export class LineageIndex {
  /** Field name by field id; the field's dataset is `fieldDatasetId`. */
  readonly fieldName: string[] = [];
  fieldDatasetId!: Int32Array;
  /**
   * Row-level links, both ways. `up`: by field, the `*` field of its dataset
   * (row-level edges: filters, joins, grouping keys that decide every column
   * of it), or -1 when the dataset has none or the field is the `*` itself.
   * `down`: by field, the columns its dataset's `*` decides (empty unless the
   * field is a `*`). See walk().
   */
  fieldRowLevel!: RowLevel;
  readonly datasetNamespace: string[] = [];
  readonly datasetName: string[] = [];
  /** Fields of each dataset (CSR: fields of d are datasetFields[datasetFieldOffsets[d]..datasetFieldOffsets[d+1]]). */
  private datasetFieldOffsets!: Int32Array;
  private datasetFields!: Int32Array;
  private readonly datasetIds = new Map<string, number>();
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly namespaces = new Map<string, string>();

  edgeSource!: Int32Array;
  edgeTarget!: Int32Array;
  edgeDirect!: Uint8Array;
  /** Position in TRANSFORMATION_SUBTYPES. */
  edgeSubtype!: Uint8Array;
  edgeDescription!: Int32Array;
  edgeConfidence!: Float32Array;
  edgeMasking!: Uint8Array;
  forward!: Csr;
  backward!: Csr;
  datasetForward!: Csr;
  datasetBackward!: Csr;

  private sharedView?: SharedIndex;

  private constructor(readonly generation: number) {}

  get fieldCount(): number {
    return this.fieldName.length;
  }

  get edgeCount(): number {
    return this.edgeSource.length;
  }

  get datasetCount(): number {
    return this.datasetName.length;
  }

  fieldNamespace(field: number): string {
    return this.datasetNamespace[this.fieldDatasetId[field]];
  }

  fieldDataset(field: number): string {
    return this.datasetName[this.fieldDatasetId[field]];
  }

  private intern(s: string | null): number {
    if (s === null) return -1;
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  string(id: number): string | undefined {
    return id < 0 ? undefined : this.strings[id];
  }

  datasetId(namespace: string, dataset: string, create = false): number {
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
    }
    return id ?? -1;
  }

  /** The id of a field, or -1. A dataset has few fields, so they are scanned rather than kept in a map of every field. */
  fieldId(namespace: string, dataset: string, field: string): number {
    const d = this.datasetId(namespace, dataset);
    if (d < 0) return -1;
    for (let i = this.datasetFieldOffsets[d]; i < this.datasetFieldOffsets[d + 1]; i++) {
      if (this.fieldName[this.datasetFields[i]] === field) return this.datasetFields[i];
    }
    return -1;
  }

  static build(generation: number, edges: Iterable<ColumnEdge>, datasetLinks: Iterable<DatasetLinkInput> = []): LineageIndex {
    const builder = LineageIndex.builder(generation);
    for (const e of edges) builder.addEdge(e);
    for (const l of datasetLinks) builder.addLink(l);
    return builder.finish();
  }

  /** Incremental build, so edges can be streamed in pages instead of held as objects all at once. */
  static builder(generation: number): { addEdge(e: ColumnEdge): void; addLink(l: DatasetLinkInput): void; finish(): LineageIndex } {
    const index = new LineageIndex(generation);
    // Only needed while building: the sealed index finds fields through their dataset.
    const fieldIds = new Map<string, number>();
    const fieldDataset = new Growable(int32);
    const fieldOf = (namespace: string, dataset: string, field: string): number => {
      const d = index.datasetId(namespace, dataset, true);
      const k = `${d}\u0001${field}`;
      let id = fieldIds.get(k);
      if (id === undefined) {
        id = index.fieldName.length;
        fieldIds.set(k, id);
        index.fieldName.push(field);
        fieldDataset.push(d);
      }
      return id;
    };
    const src = new Growable(int32);
    const dst = new Growable(int32);
    const direct = new Growable((n) => new Uint8Array(n));
    const subtype = new Growable((n) => new Uint8Array(n));
    const desc = new Growable(int32);
    const conf = new Growable((n) => new Float32Array(n));
    const mask = new Growable((n) => new Uint8Array(n));
    const dsPairs = new Set<number>();
    const dsFrom = new Growable(int32);
    const dsTo = new Growable(int32);
    const addDatasetLink = (a: number, b: number) => {
      if (a === b) return;
      const k = a * 4_194_304 + b;
      if (dsPairs.has(k)) return;
      dsPairs.add(k);
      dsFrom.push(a);
      dsTo.push(b);
    };
    return {
      addEdge(e: ColumnEdge) {
        const s = fieldOf(e.sourceNamespace, e.sourceDataset, e.sourceField);
        const t = fieldOf(e.targetNamespace, e.targetDataset, e.targetField);
        src.push(s);
        dst.push(t);
        direct.push(e.transformationType === 'INDIRECT' ? 0 : 1);
        // Position in TRANSFORMATION_SUBTYPES; a subtype outside the vocabulary is shown as TRANSFORMATION.
        const st = TRANSFORMATION_SUBTYPES.indexOf((e.transformationSubtype ?? 'IDENTITY') as TransformationSubtype);
        subtype.push(st < 0 ? 1 : st);
        desc.push(index.intern(e.description));
        conf.push(e.confidence ?? Number.NaN);
        mask.push(e.masking ? 1 : 0);
        addDatasetLink(fieldDataset.get(s), fieldDataset.get(t));
      },
      addLink(l: DatasetLinkInput) {
        addDatasetLink(index.datasetId(l.sourceNamespace, l.sourceDataset, true), index.datasetId(l.targetNamespace, l.targetDataset, true));
      },
      finish() {
        index.fieldDatasetId = fieldDataset.seal();
        index.edgeSource = src.seal();
        index.edgeTarget = dst.seal();
        index.edgeDirect = direct.seal();
        index.edgeSubtype = subtype.seal();
        index.edgeDescription = desc.seal();
        index.edgeConfidence = conf.seal();
        index.edgeMasking = mask.seal();
        return index.seal(dsFrom.seal(), dsTo.seal());
      },
    };
  }

  /** Bytes of the typed arrays and name tables (what render threads share); strings for lookups come on top. */
  sharedBytes(): number {
    const v = this.view();
    const csr = (c: Csr) => c.offsets.byteLength + c.targets.byteLength + c.edges.byteLength;
    const table = (t: JsonNameTable) => t.bytes.byteLength + t.offsets.byteLength;
    return (
      [v.fieldDatasetId, v.fieldRowLevel.up, v.fieldRowLevel.down.offsets, v.fieldRowLevel.down.targets, this.edgeSource, this.edgeTarget, v.edgeDirect, v.edgeSubtype, v.edgeDescription, v.edgeConfidence, v.edgeMasking].reduce((n, a) => n + a.byteLength, 0) +
      csr(v.forward) + csr(v.backward) + csr(v.datasetForward) + csr(v.datasetBackward) +
      table(v.names.datasetNamespace) + table(v.names.datasetName) + table(v.names.fieldName) + table(v.names.strings)
    );
  }

  /** The index as render threads see it (shared memory, JSON-ready names); made once. */
  view(): SharedIndex {
    this.sharedView ??= {
      generation: this.generation,
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
      names: {
        datasetNamespace: nameTable(this.datasetNamespace),
        datasetName: nameTable(this.datasetName),
        fieldName: nameTable(this.fieldName),
        strings: nameTable(this.strings, true),
      },
    };
    return this.sharedView;
  }

  private seal(dsFrom: Int32Array, dsTo: Int32Array): LineageIndex {
    // Everything a walk or a rendering reads lives in shared memory (see SharedIndex).
    this.forward = sharedCsr(buildCsr(this.fieldCount, this.edgeSource, this.edgeTarget));
    this.backward = sharedCsr(buildCsr(this.fieldCount, this.edgeTarget, this.edgeSource));
    this.datasetForward = sharedCsr(buildCsr(this.datasetCount, dsFrom, dsTo));
    this.datasetBackward = sharedCsr(buildCsr(this.datasetCount, dsTo, dsFrom));
    const byDataset = buildCsr(this.datasetCount, this.fieldDatasetId, Int32Array.from({ length: this.fieldCount }, (_, i) => i));
    this.datasetFieldOffsets = byDataset.offsets;
    this.datasetFields = byDataset.targets;
    const up = new Int32Array(new SharedArrayBuffer(4 * this.fieldCount)).fill(-1);
    for (let d = 0; d < this.datasetCount; d++) {
      const star = this.fieldId(this.datasetNamespace[d], this.datasetName[d], '*');
      if (star < 0) continue;
      for (let i = this.datasetFieldOffsets[d]; i < this.datasetFieldOffsets[d + 1]; i++) if (this.datasetFields[i] !== star) up[this.datasetFields[i]] = star;
    }
    const members = Int32Array.from({ length: this.fieldCount }, (_, f) => f).filter((f) => up[f] >= 0);
    const down = sharedCsr(buildCsr(this.fieldCount, Int32Array.from(members, (f) => up[f]), members));
    // A row-level link's id is the number of edges plus its column (see walk()).
    for (let i = 0; i < down.targets.length; i++) down.edges[i] = this.edgeCount + down.targets[i];
    this.fieldRowLevel = { up, down };
    return this;
  }
}
