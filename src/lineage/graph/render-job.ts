import type { GraphFormat, NodeFieldMask } from '../graph-format.js';
import type { LineageDirection } from '../lineage.types.js';
import { ColumnLineageScratch, walkToColumnLineage } from './column-lineage-render.js';
import { CompactScratch, walkToCompact } from './compact-render.js';
import type { FieldTypeView } from './field-types.js';
import { PRESENT, type SharedIndex } from './lineage-index.js';
import { type OpenLinks, openLinks, walk, type WalkResult, WalkScratch } from './traverse.js';
import { walkToJson } from './walk-render.js';

export type RenderFormat = GraphFormat | 'column-lineage';

/** One lineage answer to walk and write as JSON, by ids of a given index generation. */
export interface RenderJob {
  readonly generation: number;
  /** `field`: the column graph; `dataset`: the table graph. */
  readonly kind: 'field' | 'dataset';
  readonly start: number;
  /** The root's node id, as the answer names it. */
  readonly root: string;
  readonly direction: LineageDirection;
  readonly maxDepth: number;
  readonly nodeCap: number;
  /** Column edges of one transformation type only: 1 = DIRECT, 0 = INDIRECT, -1 = all. */
  readonly direct: -1 | 0 | 1;
  /**
   * How the answer is written: `json` (walkToJson), `compact`
   * (walkToCompact), or `column-lineage`, Marquez's column lineage of a field
   * walk (walkToColumnLineage, with field types from `types`).
   */
  readonly format: RenderFormat;
  /** Several fields (a dataset's, for a `column-lineage` answer): each walked from, the walks merged (`start` is the first). */
  readonly starts?: readonly number[];
  /** The field types a `column-lineage` answer shows. */
  readonly types?: FieldTypeView;
  /** A `column-lineage` answer counts a field's "no type" read at an earlier generation (see walkToColumnLineage). */
  readonly staleNone?: boolean;
  /** Node keys the answer keeps. */
  readonly fields: NodeFieldMask;
  /** The instant the walk is as of: PRESENT (what is true now, the default), or index seconds (see indexTime). */
  readonly at?: number;
}

export interface RenderOutput {
  /** The graph as UTF-8 JSON, in the job's format (empty when `unheld`). */
  readonly json: Buffer;
  /** A `column-lineage` job only: index fields whose types the job's `types` do not hold yet, so nothing was written. */
  readonly unheld?: Int32Array;
  readonly nodes: number;
  readonly truncated: boolean;
}

const EMPTY = Buffer.alloc(0);

/** Walks and renders jobs over one shared index, reusing its visit marks. Used on render threads and on the main thread alike. */
export class RenderRunner {
  private readonly fieldScratch: WalkScratch;
  private readonly datasetScratch: WalkScratch;
  /** Encoded dataset pieces, kept for this index's lifetime (see walkToJson). */
  private readonly heads: { field: Map<number, [Buffer, Buffer]>; dataset: Map<number, [Buffer, Buffer]> } = { field: new Map<number, [Buffer, Buffer]>(), dataset: new Map<number, [Buffer, Buffer]>() };
  /** What compact answers keep between answers (see CompactScratch). */
  private readonly compact: CompactScratch = new CompactScratch();
  private readonly columnLineage: ColumnLineageScratch = new ColumnLineageScratch();
  /** Which column edges of the base are open, made by the first walk of the present (see OpenLinks); kept for the base's later snapshots. */
  private open?: OpenLinks;

  /**
   * `previous`: the runner of an earlier snapshot of the same index (same
   * base, see LineageIndex.apply), whose visit marks and encoded pieces stay
   * valid (ids only grow, names never change): a change does not cost a
   * thread new marks the size of the graph.
   */
  constructor(
    readonly view: SharedIndex,
    previous?: RenderRunner,
  ) {
    const sameBase = previous !== undefined && previous.view.base === view.base;
    this.fieldScratch = sameBase && previous.fieldScratch.fits(view.forward) ? previous.fieldScratch : WalkScratch.forGraph(view.forward);
    this.datasetScratch = sameBase && previous.datasetScratch.fits(view.datasetForward) ? previous.datasetScratch : WalkScratch.forGraph(view.datasetForward);
    if (sameBase) {
      this.heads = previous.heads;
      this.compact = previous.compact;
      this.columnLineage = previous.columnLineage;
      this.open = previous.open;
    }
  }

  walk(job: RenderJob): WalkResult {
    const v = this.view;
    const wanted = job.direct;
    if (job.kind === 'dataset') {
      return walk(job.start, v.datasetForward, v.datasetBackward, job.direction, job.maxDepth, job.nodeCap, undefined, this.datasetScratch, undefined, { at: job.at ?? PRESENT, from: v.linkFrom, to: v.linkTo });
    }
    const edges = v.edgeDirect.length;
    // Row-level links (ids past the edges) are INDIRECT.
    const accept = wanted >= 0 ? (e: number) => (e < edges ? v.edgeDirect[e] : 0) === wanted : undefined;
    const at = job.at ?? PRESENT;
    if (at === PRESENT) this.open ??= openLinks(v.edgeTo);
    return walk(job.start, v.forward, v.backward, job.direction, job.maxDepth, job.nodeCap, accept, this.fieldScratch, v.fieldRowLevel, { at, from: v.edgeFrom, to: v.edgeTo, open: this.open });
  }

  /**
   * The walks from each of `starts` as one: each node once (at its first
   * walk's position and depth), the links of every walk in walk order (a
   * pair two walks both cross appears twice; column-lineage answers keep
   * its first).
   */
  private union(job: RenderJob, starts: readonly number[]): WalkResult {
    const nodes: number[] = [];
    const depths: number[] = [];
    const links: number[] = [];
    const position = new Map<number, number>();
    let truncated = false;
    for (const start of starts) {
      const walked = this.walk({ ...job, start });
      const at = walked.nodes.map((n, p) => {
        let q = position.get(n);
        if (q === undefined) {
          q = nodes.length;
          position.set(n, q);
          nodes.push(n);
          depths.push(walked.depths[p]);
        }
        return q;
      });
      for (let i = 0; i < walked.links.length; i += 3) links.push(walked.links[i], at[walked.links[i + 1]], at[walked.links[i + 2]]);
      truncated ||= walked.truncated;
    }
    return { nodes, depths, links, truncated };
  }

  run(job: RenderJob, take?: (size: number) => Buffer | undefined): RenderOutput {
    const result = job.starts !== undefined && job.starts.length > 1 ? this.union(job, job.starts) : this.walk(job);
    if (job.format === 'column-lineage') {
      if (!job.types || job.kind !== 'field') throw new Error('a column-lineage answer is of a field walk, with field types');
      const written = walkToColumnLineage(this.view, job, result, job.types, { take, scratch: this.columnLineage, staleNone: job.staleNone });
      if (written instanceof Int32Array) return { json: EMPTY, unheld: written, nodes: result.nodes.length, truncated: result.truncated };
      return { json: written, nodes: result.nodes.length, truncated: result.truncated };
    }
    const json = job.format === 'compact' ? walkToCompact(this.view, job, result, { take, scratch: this.compact }) : walkToJson(this.view, job, result, { take, heads: this.heads });
    return { json, nodes: result.nodes.length, truncated: result.truncated };
  }
}
