import { Injectable } from '@nestjs/common';
import { LineageConfig } from '../config/app-config.js';
import type { CompactLineageGraph } from '../lineage/graph-format.js';
import { type FieldName, LineageService } from '../lineage/lineage.service.js';
import { datasetId, datasetNodeId, fieldId, fieldNodeId, nameKey, namespaceId, parseNodeId } from '../model/ids.js';
import { FieldTypeCache } from './field-type.cache.js';
import { GenerationCache } from './generation-cache.js';
import { ColumnLineage } from './column-lineage-json.js';
import { COLUMN_WALK_FIELDS, tableLineageGraph } from './marquez-graph.js';
import { MarquezMetadataService, groupBy } from './marquez-metadata.service.js';
import { type DatasetShape, datasetShape, jobShape } from './marquez-shapes.js';
import { MarquezInvalidQueryError, MarquezNotFoundError } from './marquez.errors.js';
import { MarquezRepository } from './marquez.repository.js';
import type { IoRecord, JobTouch } from './marquez.types.js';

/** OL_DATASET_FIELD.field_id of a field by its names. */
const storedFieldId = (f: FieldName): string => fieldId(datasetId(namespaceId(f.namespace), f.dataset), f.field);

/**
 * What the table lineage holds per graph generation (GenerationCache):
 * datasets in Marquez's shape (about 1.2 KB of heap each with ten fields,
 * repeated texts shared: 20,000 hold about 24 MB; the narrow bench graph's
 * 500 depth-5 walks reach more than 10,000 datasets between them, and at
 * 5,000 most answers read theirs again), the jobs touching each dataset and
 * the datasets of each job (most datasets and jobs few or none: one shared
 * empty list).
 */
const HELD_SHAPES = 20_000;
const HELD_TOUCHES = 50_000;
const HELD_JOBS = 20_000;
const NO_TOUCHES: readonly JobTouch[] = Object.freeze([]);
const NO_IO: readonly IoRecord[] = Object.freeze([]);

/** Marquez's default depth (20), within this service's VALIDATION_* bounds. */
const MARQUEZ_DEFAULT_DEPTH = 20;

/**
 * GET /api/v1/lineage and /api/v1/column-lineage: graphs walked in the
 * in-memory lineage index (LineageService.graphFor, as the v2 routes), then
 * dressed in Marquez's shapes with metadata read by key (datasets, fields,
 * jobs and their runs' inputs and outputs). No recursive SQL.
 */
@Injectable()
export class MarquezLineageService {
  private readonly fieldTypes = new FieldTypeCache();
  private readonly datasetShapes = new GenerationCache<DatasetShape>(HELD_SHAPES);
  /** Per dataset, the jobs whose runs touched it: run links move the generation on as they are written. */
  private readonly touches = new GenerationCache<readonly JobTouch[]>(HELD_TOUCHES);
  /** Per job, the datasets its runs read and wrote. */
  private readonly jobIo = new GenerationCache<readonly IoRecord[]>(HELD_JOBS);

  constructor(
    private readonly graphs: LineageService,
    private readonly metadata: MarquezMetadataService,
    private readonly repository: MarquezRepository,
    private readonly config: LineageConfig,
  ) {}

  /** `depth` checked against VALIDATION_MIN_MAX_DEPTH..VALIDATION_MAX_DEPTH_LIMIT; Marquez's 20 (or the limit) when absent. */
  depth(depth: number | undefined): number {
    const { minMaxDepth, maxDepthLimit } = this.config;
    const value = depth ?? Math.min(MARQUEZ_DEFAULT_DEPTH, maxDepthLimit);
    if (value < minMaxDepth || value > maxDepthLimit) throw new MarquezInvalidQueryError(`depth must be between ${minMaxDepth} and ${maxDepthLimit}, got ${depth}`);
    return value;
  }

  /** A job node id: the namespace is the longest known one the id starts with (namespace URIs hold colons). */
  private async jobOf(nodeId: string) {
    const rest = nodeId.slice('job:'.length);
    const namespaces = (await this.metadata.namespaces({ limit: 100_000, offset: 0 })).namespaces.map((n) => n.name).sort((a, b) => b.length - a.length);
    const namespace = namespaces.find((n) => rest.startsWith(`${n}:`) && rest.length > n.length + 1);
    if (!namespace) throw new MarquezNotFoundError(`Job "${nodeId}" (no namespace of that name)`);
    return this.metadata.requireJob(namespace, rest.slice(namespace.length + 1));
  }

  /** Table lineage of a dataset or job node: DATASET nodes with the JOB nodes that read and wrote them. */
  async lineage(nodeId: string, depthAsked?: number, asOf?: string) {
    const depth = this.depth(depthAsked);
    const described = this.graphs.describedInstant(asOf);
    const roots: { namespace: string; dataset: string }[] = [];
    const jobIds = new Set<string>();
    if (nodeId.startsWith('job:')) {
      const job = await this.jobOf(nodeId);
      jobIds.add(job.jobId);
      for (const io of (await this.jobDatasets([job.jobId])).get(job.jobId) ?? NO_IO) roots.push({ namespace: io.namespace, dataset: io.name });
    } else {
      const parsed = parseNodeId(nodeId);
      if (parsed?.type !== 'dataset') throw new MarquezInvalidQueryError(`nodeId must be dataset:<namespace>:<dataset> or job:<namespace>:<job>, got "${nodeId}"`);
      roots.push({ namespace: parsed.namespace, dataset: nameKey(parsed.namespace, parsed.dataset) });
    }
    const walked = new Set<string>();
    for (const root of roots) {
      const graph = await this.graphs.graphFor({ nodeId: datasetNodeId(root.namespace, root.dataset), direction: 'both', maxDepth: depth, asOf });
      for (const n of graph.nodes) walked.add(datasetId(namespaceId(n.namespace), n.dataset));
    }
    // Three rounds of reads, each of independent statements at once: the jobs touching the walked datasets and those datasets;
    // the jobs, their datasets and latest runs; the datasets only the jobs name.
    const [touching, walkedDatasets] = await Promise.all([this.jobsTouching([...walked], described ? new Date(described) : undefined), this.datasetsWithFields([...walked])]);
    for (const id of touching) jobIds.add(id);
    const [jobs, ioOf, latest] = await Promise.all([this.repository.jobsById([...jobIds]), this.jobDatasets([...jobIds]), this.repository.latestRuns([...jobIds])]);
    const more = [...new Set([...ioOf.values()].flatMap((io) => io.map((d) => datasetId(namespaceId(d.namespace), d.name))))].filter((id) => !walked.has(id));
    const datasets = [...walkedDatasets, ...(await this.datasetsWithFields(more))];
    const graph = tableLineageGraph({
      datasets,
      jobs: jobs.map((j) => ({ jobId: j.jobId, shape: jobShape(j, ioOf.get(j.jobId) ?? NO_IO, latest.get(j.jobId)) })),
      io: jobs.flatMap((j) => ioOf.get(j.jobId) ?? NO_IO),
    });
    return { ...graph, ...(described ? { asOf: described } : {}) } as typeof graph & { asOf?: string };
  }

  /**
   * Column lineage of a field, or of every field of a dataset: upstream, and
   * downstream too when `withDownstream`.
   */
  async columnLineage(nodeId: string, depthAsked: number | undefined, withDownstream: boolean, asOf?: string) {
    const depth = this.depth(depthAsked);
    const described = this.graphs.describedInstant(asOf);
    const parsed = parseNodeId(nodeId);
    if (!parsed) throw new MarquezInvalidQueryError(`nodeId must be datasetField:<namespace>:<dataset>:<field> or dataset:<namespace>:<dataset>, got "${nodeId}"`);
    const namespace = parsed.namespace;
    const dataset = nameKey(namespace, parsed.dataset);
    let fieldNames: string[];
    if (parsed.type === 'datasetField') {
      fieldNames = [nameKey(namespace, parsed.field as string)];
    } else {
      // the dataset and its fields as the table lineage reads them: once per graph generation
      const [found] = await this.datasetsWithFields([datasetId(namespaceId(namespace), dataset)]);
      if (!found) throw new MarquezNotFoundError(`Dataset "${dataset}" in namespace "${namespace}"`);
      fieldNames = found.fields.map((f) => f.name);
    }
    const direction = withDownstream ? 'both' : 'upstream';
    if (fieldNames.length > 0) {
      // Walked from each field and written on a render thread, straight from the index, in Marquez's shape
      const [first, ...also] = fieldNames;
      const json = await this.graphs.columnLineageJson({ nodeId: fieldNodeId(namespace, dataset, first), direction, maxDepth: depth, asOf }, (fields) => this.typesOf(fields), also);
      if (json) return { json, asOf: described, release: () => this.graphs.releaseJson(json) };
    }
    // A field without lineage (a lone node), or types that would not hold: each walk written on a render thread in the compact form (no depths), merged here
    const walks: CompactLineageGraph[] = [];
    for (const field of fieldNames) {
      const json = await this.graphs.graphJson({ nodeId: fieldNodeId(namespace, dataset, field), direction, maxDepth: depth, asOf }, { format: 'compact', fields: COLUMN_WALK_FIELDS });
      walks.push(JSON.parse(json.toString('utf8')) as CompactLineageGraph);
      this.graphs.releaseJson(json);
    }
    return { json: await this.columnLineageOf(walks, described), asOf: described };
  }

  /** Per job, the datasets its runs read and wrote (read once per graph generation: a run's new link to a dataset moves it on). */
  private async jobDatasets(jobIds: readonly string[]): Promise<Map<string, readonly IoRecord[]>> {
    if (jobIds.length === 0) return new Map();
    const lists = await this.jobIo.valuesOf(jobIds, this.graphs.knownGeneration(), async (missing) => {
      const ioOf = groupBy(await this.repository.jobDatasets(missing));
      return new Map(missing.map((id) => [id, ioOf.get(id) ?? NO_IO]));
    });
    // every id has a list (NO_IO for a job without runs' datasets), so the lists are in the order of the ids
    return new Map(jobIds.map((id, i) => [id, lists[i]]));
  }

  /** Jobs a run of which read or wrote one of these datasets (read once per graph generation); with `before`, only those whose first such run ran at or before it (a graph as of then). */
  private async jobsTouching(datasetIds: readonly string[], before?: Date): Promise<Set<string>> {
    const jobs = new Set<string>();
    if (datasetIds.length === 0) return jobs;
    const touches = await this.touches.valuesOf(datasetIds, this.graphs.knownGeneration(), async (missing) => {
      const read = await this.repository.jobsTouching(missing);
      return new Map(missing.map((id) => [id, read.get(id) ?? NO_TOUCHES]));
    });
    for (const list of touches) for (const t of list) if (before === undefined || (t.firstRun !== null && t.firstRun <= before)) jobs.add(t.jobId);
    return jobs;
  }

  /** Datasets by id in Marquez's shape, with their fields: read once per graph generation (GenerationCache). */
  private async datasetsWithFields(ids: readonly string[]): Promise<DatasetShape[]> {
    if (ids.length === 0) return [];
    return this.datasetShapes.valuesOf(ids, this.graphs.knownGeneration(), async (missing) => {
      const [datasets, fields] = await Promise.all([this.repository.datasetsById(missing), this.repository.fieldsOf(missing)]);
      return new Map(datasets.map((d) => [d.datasetId, datasetShape(d, fields.get(d.datasetId) ?? [])]));
    });
  }

  /** Marquez's answer of compact walks merged, with the types of the fields shown, by key, read only when not read for an earlier answer. */
  private async columnLineageOf(walks: readonly CompactLineageGraph[], described: string | undefined): Promise<Buffer> {
    const lineage = ColumnLineage.of(walks);
    const shown = lineage.nodes;
    const ids = shown.namespace.map((ns, n) => storedFieldId({ namespace: ns, dataset: shown.dataset[n], field: shown.field[n] }));
    const typeOf = await this.fieldTypes.typesOf(new Set(ids), this.graphs.knownGeneration(), (missing) => this.repository.fieldTypes(missing));
    return Buffer.from(lineage.json((n) => typeOf(ids[n]), described), 'utf8');
  }

  /** The stored types of fields by their names (null for none). */
  private async typesOf(fields: readonly FieldName[]): Promise<(string | null)[]> {
    const ids = fields.map(storedFieldId);
    const found = await this.repository.fieldTypes([...new Set(ids)]);
    return ids.map((id) => found.get(id) ?? null);
  }
}
