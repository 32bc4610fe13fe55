import { datasetNodeId } from '../model/ids.js';
import type { DatasetRecord, FieldRecord, IoRecord, JobRecord, NamespaceRecord, RunRecord, StoredEventRecord } from './marquez.types.js';

/**
 * Pure: records → the JSON shapes of Marquez's OpenAPI document
 * (/work/shared/marquez-api/openapi.yml: Namespace, Dataset, Job, Run,
 * LineageEvent, SearchResult). The document declares no property nullable,
 * so a value the store does not have is left out rather than sent as null.
 */

/** `{ key: value }` when value is neither null nor undefined, else `{}` (to spread). */
function opt<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

const iso = (d: Date | null | undefined): string | undefined => (d ? d.toISOString() : undefined);

export function namespaceShape(ns: NamespaceRecord) {
  return { name: ns.uri, ...opt('createdAt', iso(ns.createdAt)), ...opt('updatedAt', iso(ns.createdAt)), ...opt('description', ns.description) };
}

/** Marquez requires a field type; a field first seen only in column lineage has none here. */
export const UNKNOWN_FIELD_TYPE = 'UNKNOWN';

/** No tags (this service keeps none): one list shared by every shape, a dataset's thousands of fields held in the table lineage's cache included. */
const NO_TAGS = Object.freeze([]) as unknown as string[];

/** Texts shapes repeat (namespaces, field types, common column names) held once; past this many the table starts over. */
const SHARED_TEXTS = 20_000;
const sharedTexts = new Map<string, string>();

/** One string for equal texts: each row read from the store brings its own copy, and shapes are held (GenerationCache). */
function shared(text: string): string {
  const held = sharedTexts.get(text);
  if (held !== undefined) return held;
  if (sharedTexts.size >= SHARED_TEXTS) sharedTexts.clear();
  sharedTexts.set(text, text);
  return text;
}

export function datasetShape(ds: DatasetRecord, fields: readonly FieldRecord[]) {
  const namespace = shared(ds.namespace);
  return {
    id: { namespace, name: ds.name },
    type: 'DB_TABLE',
    name: ds.name,
    physicalName: ds.name,
    ...opt('createdAt', iso(ds.createdAt)),
    ...opt('updatedAt', iso(ds.updatedAt)),
    namespace,
    sourceName: namespace,
    fields: fields.map((f) => ({ name: shared(f.name), type: f.type === null ? UNKNOWN_FIELD_TYPE : shared(f.type), tags: NO_TAGS, ...opt('description', f.description) })),
    tags: NO_TAGS,
    ...opt('description', ds.description),
    facets: {},
    deleted: !ds.isActive,
  };
}

/** OpenLineage event type → Marquez run state. OTHER (and anything unknown) leaves a run NEW. */
export function runState(eventType: string): 'NEW' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'ABORTED' {
  switch (eventType.toUpperCase()) {
    case 'START':
    case 'RUNNING':
      return 'RUNNING';
    case 'COMPLETE':
      return 'COMPLETED';
    case 'FAIL':
      return 'FAILED';
    case 'ABORT':
      return 'ABORTED';
    default:
      return 'NEW';
  }
}

/**
 * A stored run: one row moved to its latest event, so a finished run knows
 * when it ended (its event time) but not when it started; it is started at
 * its event time while RUNNING.
 */
export function runShape(run: RunRecord) {
  const state = runState(run.eventType);
  const finished = state === 'COMPLETED' || state === 'FAILED' || state === 'ABORTED';
  return {
    id: run.runId,
    ...opt('createdAt', iso(run.createdAt)),
    ...opt('updatedAt', iso(run.eventTime)),
    ...opt('nominalStartTime', iso(run.nominalStartTime)),
    ...opt('nominalEndTime', iso(run.nominalEndTime)),
    state,
    ...(state === 'RUNNING' ? opt('startedAt', iso(run.eventTime)) : {}),
    ...(finished ? opt('endedAt', iso(run.eventTime)) : {}),
    args: {},
    facets: {},
  };
}

const datasetIds = (io: readonly IoRecord[], direction: IoRecord['direction']) => io.filter((d) => d.direction === direction).map((d) => ({ namespace: d.namespace, name: d.name }));

/** A job with the datasets its runs read and wrote (`io`, this job's only) and its newest run. */
export function jobShape(job: JobRecord, io: readonly IoRecord[], latestRun?: RunRecord) {
  const latest = latestRun ? runShape(latestRun) : undefined;
  return {
    id: { namespace: job.namespace, name: job.name },
    type: 'BATCH',
    name: job.name,
    simpleName: job.name,
    ...opt('createdAt', iso(job.createdAt)),
    ...opt('updatedAt', iso(job.updatedAt)),
    namespace: job.namespace,
    inputs: datasetIds(io, 'input'),
    outputs: datasetIds(io, 'output'),
    ...opt('description', job.description),
    ...opt('latestRun', latest),
    latestRuns: latest ? [latest] : [],
    facets: {},
  };
}

/** A stored run as the OpenLineage event of its latest state (run id, job, inputs, outputs; no facets: they are not kept). */
/** An event as received, or the stub of one kept without its text (larger than OPENLINEAGE_EVENT_KEEP_KB). */
export function storedEventShape(e: StoredEventRecord): Record<string, unknown> {
  if (e.payload !== null) return JSON.parse(e.payload) as Record<string, unknown>;
  return {
    ...opt('eventType', e.eventType ?? undefined),
    eventTime: e.eventTime.toISOString(),
    run: { runId: e.runId },
    job: { namespace: e.jobNamespace, name: e.jobName },
    ...opt('producer', e.producer ?? undefined),
  };
}

export function jobNodeIdOf(namespace: string, name: string): string {
  return `job:${namespace}:${name}`;
}

export function datasetSearchResult(ds: DatasetRecord) {
  return { type: 'DATASET' as const, name: ds.name, ...opt('updatedAt', iso(ds.updatedAt)), namespace: ds.namespace, nodeId: datasetNodeId(ds.namespace, ds.name) };
}

export function jobSearchResult(job: JobRecord) {
  return { type: 'JOB' as const, name: job.name, ...opt('updatedAt', iso(job.updatedAt)), namespace: job.namespace, nodeId: jobNodeIdOf(job.namespace, job.name) };
}

export type DatasetShape = ReturnType<typeof datasetShape>;
export type JobShape = ReturnType<typeof jobShape>;
export type SearchResultShape = ReturnType<typeof datasetSearchResult> | ReturnType<typeof jobSearchResult>;
