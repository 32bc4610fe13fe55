import { createHash } from 'node:crypto';

/**
 * Pure: what population stored → OpenLineage 2-0-2 RunEvents (ADR 0022).
 *
 * - a population run is a job run of its own (job `lineage.population.<method>`
 *   in the warehouse namespace, run id = the population run's UUID): a START
 *   at its start and a COMPLETE, FAIL or ABORT at its end;
 * - every OL_RUN row it created (a DBQL request, a view definition, the
 *   fixtures) is a job run (the stored job: one per statement shape) with one
 *   COMPLETE event at the request's time, its inputs and outputs, each
 *   output's `columnLineage` facet from the active edges it found, the `sql`
 *   job facet, and the population run as its `parent`.
 * Run ids are UUIDs derived from the stored run id (name-based, SHA-1, as
 * UUID v5), so a re-send carries the same ids and the consumer's
 * idempotency keeps one copy. One event per run and event type.
 */

export const OPENLINEAGE_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const FACET_SCHEMAS = {
  columnLineage: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet',
  sql: 'https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet',
  jobType: 'https://openlineage.io/spec/facets/2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet',
  parent: 'https://openlineage.io/spec/facets/1-1-0/ParentRunFacet.json#/$defs/ParentRunFacet',
  errorMessage: 'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet',
} as const;

/** Producer of every event this service emits; deliberately not under `urn:lineage:population:`, so a consumer that is itself a Lineage service never sends them on as its own. */
export const EMIT_PRODUCER = 'urn:lineage:openlineage-emit';

/** Namespace of the name-based run UUIDs (fixed: changing it would give every run a new id at the consumer). */
const RUN_ID_NAMESPACE = '9a4f3c1e-6b2d-4e8a-9f7c-3d5b1a2e8c40';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The run's UUID: a UUID run id as it is (lower-case), any other id (`dbql_…`) as a name-based UUID (v5 layout) of it. */
export function runUuid(storedRunId: string): string {
  if (UUID.test(storedRunId)) return storedRunId.toLowerCase();
  const namespace = Buffer.from(RUN_ID_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(storedRunId, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type EmittedEventType = 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER';

/** A finished population run, as OL_POPULATION_RUN holds it. */
export interface PopulationRunFacts {
  readonly runId: string;
  readonly method: string;
  readonly state: 'succeeded' | 'failed' | 'cancelled';
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly message: string | null;
}

export interface DatasetRef {
  readonly namespace: string;
  readonly name: string;
}

/** An active column edge, namespaces as URIs. */
export interface EdgeFacts {
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
}

/** One OL_RUN row population created, with its job, datasets and the active edges it found first. */
export interface StatementRunFacts {
  readonly runId: string;
  readonly eventType: EmittedEventType;
  readonly eventTime: Date;
  readonly job: { readonly namespace: string; readonly name: string; readonly description: string | null; readonly jobType: string | null };
  readonly inputs: readonly DatasetRef[];
  readonly outputs: readonly DatasetRef[];
  readonly edges: readonly EdgeFacts[];
}

export interface OlFacet {
  readonly _producer: string;
  readonly _schemaURL: string;
  readonly [key: string]: unknown;
}

export interface OlInputFieldOut {
  readonly namespace: string;
  readonly name: string;
  readonly field: string;
  readonly transformations: { type: string; subtype?: string; description?: string; masking: boolean }[];
}

export interface OlDatasetOut {
  readonly namespace: string;
  readonly name: string;
  readonly facets?: Record<string, OlFacet>;
}

/** A RunEvent as this service sends it. */
export interface EmittedRunEvent {
  readonly eventType: EmittedEventType;
  readonly eventTime: string;
  readonly producer: string;
  readonly schemaURL: string;
  readonly run: { readonly runId: string; readonly facets?: Record<string, OlFacet> };
  readonly job: { readonly namespace: string; readonly name: string; readonly facets?: Record<string, OlFacet> };
  readonly inputs: readonly OlDatasetOut[];
  readonly outputs: readonly OlDatasetOut[];
}

const facet = (kind: keyof typeof FACET_SCHEMAS, body: Record<string, unknown>): OlFacet => ({ _producer: EMIT_PRODUCER, _schemaURL: FACET_SCHEMAS[kind], ...body });

/** The job a population run is: `lineage.population.<method>` in the warehouse's namespace. */
export function populationJob(namespace: string, method: string): { namespace: string; name: string } {
  return { namespace, name: `lineage.population.${method}` };
}

const TERMINAL: Record<PopulationRunFacts['state'], EmittedEventType> = { succeeded: 'COMPLETE', failed: 'FAIL', cancelled: 'ABORT' };

/** A population run's START (at its start) and its end (COMPLETE, FAIL or ABORT). */
export function populationRunEvents(run: PopulationRunFacts, namespace: string): [EmittedRunEvent, EmittedRunEvent] {
  const job = { ...populationJob(namespace, run.method), facets: { jobType: facet('jobType', { processingType: 'BATCH', integration: 'TERADATA', jobType: 'POPULATION' }) } };
  const runId = runUuid(run.runId);
  const base = { producer: EMIT_PRODUCER, schemaURL: OPENLINEAGE_SCHEMA_URL, job, inputs: [], outputs: [] };
  const endType = TERMINAL[run.state];
  const endFacets = endType === 'FAIL' && run.message ? { errorMessage: facet('errorMessage', { message: run.message, programmingLanguage: 'TypeScript' }) } : undefined;
  return [
    { ...base, eventType: 'START', eventTime: run.startedAt.toISOString(), run: { runId } },
    { ...base, eventType: endType, eventTime: run.finishedAt.toISOString(), run: endFacets ? { runId, facets: endFacets } : { runId } },
  ];
}

const datasetKey = (namespace: string, name: string): string => `${namespace}\u0001${name}`;

/** The `columnLineage` facet of one output: its fields' input fields (one entry per source field, its transformations), `*` targets as dataset-level lineage. */
function columnLineageFacet(edges: readonly EdgeFacts[]): OlFacet {
  const fields = new Map<string, Map<string, OlInputFieldOut>>();
  const dataset = new Map<string, OlInputFieldOut>();
  for (const e of edges) {
    const into = e.targetField === '*' ? dataset : (fields.get(e.targetField) ?? fields.set(e.targetField, new Map()).get(e.targetField)!);
    const key = `${e.sourceNamespace}\u0001${e.sourceDataset}\u0001${e.sourceField}`;
    let input = into.get(key);
    if (!input) {
      input = { namespace: e.sourceNamespace, name: e.sourceDataset, field: e.sourceField, transformations: [] };
      into.set(key, input);
    }
    input.transformations.push({
      type: e.transformationType,
      ...(e.transformationSubtype ? { subtype: e.transformationSubtype } : {}),
      ...(e.description ? { description: e.description } : {}),
      masking: e.masking,
    });
  }
  const body: Record<string, unknown> = { fields: Object.fromEntries([...fields].map(([field, inputs]) => [field, { inputFields: [...inputs.values()] }])) };
  if (dataset.size > 0) body.dataset = [...dataset.values()];
  return facet('columnLineage', body);
}

/** A statement run's event: its datasets (plus any an edge names), column lineage on each output, the `sql` facet, the population run as parent. */
export function statementRunEvent(statement: StatementRunFacts, parent: { readonly runId: string; readonly job: { namespace: string; name: string } } | null): EmittedRunEvent {
  const inputs = new Map<string, DatasetRef>();
  const outputs = new Map<string, DatasetRef>();
  for (const d of statement.inputs) inputs.set(datasetKey(d.namespace, d.name), d);
  for (const d of statement.outputs) outputs.set(datasetKey(d.namespace, d.name), d);
  const byTarget = new Map<string, EdgeFacts[]>();
  for (const e of statement.edges) {
    const target = datasetKey(e.targetNamespace, e.targetDataset);
    if (!outputs.has(target)) outputs.set(target, { namespace: e.targetNamespace, name: e.targetDataset });
    const source = datasetKey(e.sourceNamespace, e.sourceDataset);
    if (!inputs.has(source) && !outputs.has(source)) inputs.set(source, { namespace: e.sourceNamespace, name: e.sourceDataset });
    (byTarget.get(target) ?? byTarget.set(target, []).get(target)!).push(e);
  }
  const jobFacets: Record<string, OlFacet> = {};
  if (statement.job.description) jobFacets.sql = facet('sql', { query: statement.job.description, dialect: 'teradata' });
  if (statement.job.jobType) jobFacets.jobType = facet('jobType', { processingType: 'BATCH', integration: 'TERADATA', jobType: statement.job.jobType });
  const runFacets = parent ? { parent: facet('parent', { run: { runId: runUuid(parent.runId) }, job: parent.job }) } : undefined;
  return {
    eventType: statement.eventType,
    eventTime: statement.eventTime.toISOString(),
    producer: EMIT_PRODUCER,
    schemaURL: OPENLINEAGE_SCHEMA_URL,
    run: runFacets ? { runId: runUuid(statement.runId), facets: runFacets } : { runId: runUuid(statement.runId) },
    job: { namespace: statement.job.namespace, name: statement.job.name, ...(Object.keys(jobFacets).length > 0 ? { facets: jobFacets } : {}) },
    inputs: [...inputs.values()].map((d) => ({ namespace: d.namespace, name: d.name })),
    outputs: [...outputs].map(([key, d]) => {
      const edges = byTarget.get(key);
      return edges ? { namespace: d.namespace, name: d.name, facets: { columnLineage: columnLineageFacet(edges) } } : { namespace: d.namespace, name: d.name };
    }),
  };
}
