/**
 * A compact, immutable in-memory index of the active column edges: integer
 * ids for fields and datasets, typed arrays in CSR form for both directions.
 * Built off the request path and swapped in whole (see LineageIndexService).
 */

export interface IndexEdgeInput {
  readonly sourceNamespace: string;
  readonly sourceDataset: string;
  readonly sourceField: string;
  readonly targetNamespace: string;
  readonly targetDataset: string;
  readonly targetField: string;
  readonly transformationType: string;
  readonly transformationSubtype: string | null;
  readonly description: string | null;
  readonly masking: boolean;
  readonly confidence: number | null;
}

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
  /** Edge index per entry (column graph) or -1 (dataset graph). */
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

export const SUBTYPES = ['IDENTITY', 'TRANSFORMATION', 'AGGREGATION', 'JOIN', 'FILTER', 'GROUP_BY', 'SORT', 'WINDOW', 'CONDITIONAL'] as const;

export class LineageIndex {
  /** Field node id → namespace / dataset / field, by integer id. */
  readonly fieldNamespace: string[] = [];
  readonly fieldDataset: string[] = [];
  readonly fieldName: string[] = [];
  readonly fieldDatasetId: number[] = [];
  readonly datasetNamespace: string[] = [];
  readonly datasetName: string[] = [];
  private readonly fieldIds = new Map<string, number>();
  private readonly datasetIds = new Map<string, number>();
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();

  edgeSource!: Int32Array;
  edgeTarget!: Int32Array;
  edgeDirect!: Uint8Array;
  edgeSubtype!: Uint8Array;
  edgeDescription!: Int32Array;
  edgeConfidence!: Float32Array;
  edgeMasking!: Uint8Array;
  forward!: Csr;
  backward!: Csr;
  datasetForward!: Csr;
  datasetBackward!: Csr;

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
      this.datasetNamespace.push(namespace);
      this.datasetName.push(dataset);
    }
    return id ?? -1;
  }

  fieldId(namespace: string, dataset: string, field: string, create = false): number {
    const k = `${namespace}\u0001${dataset}\u0001${field}`;
    let id = this.fieldIds.get(k);
    if (id === undefined && create) {
      id = this.fieldName.length;
      this.fieldIds.set(k, id);
      this.fieldNamespace.push(namespace);
      this.fieldDataset.push(dataset);
      this.fieldName.push(field);
      this.fieldDatasetId.push(this.datasetId(namespace, dataset, true));
    }
    return id ?? -1;
  }

  static build(generation: number, edges: Iterable<IndexEdgeInput>, datasetLinks: Iterable<DatasetLinkInput> = []): LineageIndex {
    const builder = LineageIndex.builder(generation);
    for (const e of edges) builder.addEdge(e);
    for (const l of datasetLinks) builder.addLink(l);
    return builder.finish();
  }

  /** Incremental build, so edges can be streamed in pages instead of held as objects all at once. */
  static builder(generation: number): { addEdge(e: IndexEdgeInput): void; addLink(l: DatasetLinkInput): void; finish(): LineageIndex } {
    const index = new LineageIndex(generation);
    const src: number[] = [];
    const dst: number[] = [];
    const direct: number[] = [];
    const subtype: number[] = [];
    const desc: number[] = [];
    const conf: number[] = [];
    const mask: number[] = [];
    const dsPairs = new Set<number>();
    const dsFrom: number[] = [];
    const dsTo: number[] = [];
    const addDatasetLink = (a: number, b: number) => {
      if (a === b) return;
      const k = a * 4_194_304 + b;
      if (dsPairs.has(k)) return;
      dsPairs.add(k);
      dsFrom.push(a);
      dsTo.push(b);
    };
    return {
      addEdge(e: IndexEdgeInput) {
        const s = index.fieldId(e.sourceNamespace, e.sourceDataset, e.sourceField, true);
        const t = index.fieldId(e.targetNamespace, e.targetDataset, e.targetField, true);
        src.push(s);
        dst.push(t);
        direct.push(e.transformationType === 'INDIRECT' ? 0 : 1);
        const st = SUBTYPES.indexOf((e.transformationSubtype ?? 'IDENTITY') as (typeof SUBTYPES)[number]);
        subtype.push(st < 0 ? 1 : st);
        desc.push(index.intern(e.description));
        conf.push(e.confidence ?? Number.NaN);
        mask.push(e.masking ? 1 : 0);
        addDatasetLink(index.fieldDatasetId[s], index.fieldDatasetId[t]);
      },
      addLink(l: DatasetLinkInput) {
        addDatasetLink(index.datasetId(l.sourceNamespace, l.sourceDataset, true), index.datasetId(l.targetNamespace, l.targetDataset, true));
      },
      finish() {
        return index.seal(src, dst, direct, subtype, desc, conf, mask, dsFrom, dsTo);
      },
    };
  }

  private seal(src: number[], dst: number[], direct: number[], subtype: number[], desc: number[], conf: number[], mask: number[], dsFrom: number[], dsTo: number[]): LineageIndex {
    const index = this;
    index.edgeSource = Int32Array.from(src);
    index.edgeTarget = Int32Array.from(dst);
    index.edgeDirect = Uint8Array.from(direct);
    index.edgeSubtype = Uint8Array.from(subtype);
    index.edgeDescription = Int32Array.from(desc);
    index.edgeConfidence = Float32Array.from(conf);
    index.edgeMasking = Uint8Array.from(mask);
    index.forward = buildCsr(index.fieldCount, index.edgeSource, index.edgeTarget);
    index.backward = buildCsr(index.fieldCount, index.edgeTarget, index.edgeSource);
    const f = Int32Array.from(dsFrom);
    const t = Int32Array.from(dsTo);
    index.datasetForward = buildCsr(index.datasetCount, f, t);
    index.datasetBackward = buildCsr(index.datasetCount, t, f);
    return index;
  }
}
