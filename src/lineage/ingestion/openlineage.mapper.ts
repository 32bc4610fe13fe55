import { datasetId, fieldId, lineageId, nameKey, namespaceId, stableId } from '../../model/ids.js';
import type { TransformationType } from '../../model/transformation.js';
import type { DatasetRow, EdgeRow, FieldRow, JobRow, NamespaceRow, RunDatasetRow } from '../../ol-store/ol-store.types.js';
import type { EventRunRow, IngestionRows } from './ingestion.types.js';
import { eventKind, type OlDataset, type OlDatasetEvent, type OlEvent, type OlInputField, type OlJob, type OlJobEvent, type OlRunEvent, type OlTransformation } from './openlineage.types.js';

/**
 * Pure: one validated OpenLineage event → the OL_* rows it stands for.
 *
 * - namespaces: every namespace URI the event names (job, datasets, input fields);
 * - job: `<namespace_id>/<name>` (a hash id when longer than the column), type
 *   from the `jobType` facet, description from `documentation` or the `sql` facet;
 * - run: keyed on the run id (lower-case UUID), with event type and time,
 *   nominal times from the `nominalTime` facet, producer and schemaURL. A
 *   JobEvent (static lineage, no run) is stored as its job's static run
 *   (`static_<hash of the job id>`, event type OTHER), so its inputs and
 *   outputs link the job to its datasets as a run's do; a DatasetEvent has
 *   neither job nor run;
 * - datasets, named by their namespace's case rule (model/ids.ts nameKey:
 *   `teradata://` names lower-case, others as sent), with their `schema`
 *   facet fields, plus every dataset and field that column lineage mentions;
 * - edges: one per input field and transformation of each output field in a
 *   `columnLineage` facet (DIRECT/IDENTITY when none is given; the
 *   deprecated field-level `transformationType: MASKED` sets masking), and
 *   for dataset-level `dataset` input fields one edge into the output's `*`
 *   field (INDIRECT/FILTER when no transformation is given), as mined
 *   row-level lineage is stored: upstream walks take `*` to every column.
 * Rows are de-duplicated on their natural ids; the first occurrence wins.
 */
export const DEFAULT_JOB_TYPE = 'OPENLINEAGE';
const DESCRIPTION_MAX = 2000;
const NAME_MAX = 256;

const clip = (text: string | undefined | null, max = DESCRIPTION_MAX): string | null =>
  text === undefined || text === null || text === '' ? null : text.length > max ? text.slice(0, max) : text;

export function jobIdFor(jobNamespaceUri: string, jobName: string): string {
  const id = `${namespaceId(jobNamespaceUri)}/${jobName}`;
  return id.length <= NAME_MAX ? id : stableId('job', jobNamespaceUri, jobName);
}

export function runIdFor(runId: string): string {
  return runId.trim().toLowerCase();
}

function sourceTypeOf(ds: OlDataset): string {
  return /view/i.test(ds.facets?.datasetType?.datasetType ?? '') ? 'VIEW' : 'TABLE';
}

interface Transformation {
  readonly type: TransformationType;
  readonly subtype: string;
  readonly description: string | null;
  readonly masking: boolean;
}

function transformationsOf(
  input: OlInputField,
  fallback: Transformation,
  fieldLevel?: { transformationType?: string; transformationDescription?: string },
): Transformation[] {
  const given = input.transformations ?? [];
  if (given.length === 0) {
    const masked = fieldLevel?.transformationType?.toUpperCase() === 'MASKED';
    return [{ ...fallback, description: clip(fieldLevel?.transformationDescription) ?? fallback.description, masking: masked || fallback.masking }];
  }
  return given.map((t: OlTransformation) => ({
    type: t.type === 'INDIRECT' ? 'INDIRECT' : 'DIRECT',
    subtype: (t.subtype ?? '').trim().toUpperCase() || (t.type === 'INDIRECT' ? 'FILTER' : 'IDENTITY'),
    description: clip(t.description),
    masking: t.masking === true,
  }));
}

/** The run a JobEvent's static lineage is stored under: one per job, so a later JobEvent of the job updates it. */
export function staticRunIdFor(jobId: string): string {
  return stableId('static', jobId);
}

export function mapEvent(event: OlEvent): IngestionRows {
  const namespaces = new Map<string, NamespaceRow>();
  const datasets = new Map<string, DatasetRow>();
  const fields = new Map<string, FieldRow>();
  const edges = new Map<string, EdgeRow>();
  const runInputs = new Map<string, RunDatasetRow>();
  const runOutputs = new Map<string, RunDatasetRow>();

  const addNamespace = (uri: string): string => {
    const id = namespaceId(uri);
    if (!namespaces.has(id)) namespaces.set(id, { namespaceId: id, namespaceUri: uri, description: null });
    return id;
  };
  const addDataset = (uri: string, name: string, facts?: OlDataset): string => {
    const nsId = addNamespace(uri);
    const id = datasetId(nsId, name);
    if (!datasets.has(id)) {
      datasets.set(id, {
        datasetId: id,
        namespaceId: nsId,
        name: nameKey(uri, name),
        description: clip(facts?.facets?.documentation?.description),
        sourceType: facts ? sourceTypeOf(facts) : 'TABLE',
      });
    }
    return id;
  };
  const addField = (dsId: string, name: string, facts?: { type?: string; description?: string; ordinal?: number }): void => {
    const id = fieldId(dsId, name);
    const known = fields.get(id);
    if (known && (known.ordinalPosition !== null || !facts)) return;
    fields.set(id, {
      fieldId: id,
      datasetId: dsId,
      fieldName: nameKey(dsId, name),
      fieldType: clip(facts?.type, 128),
      description: clip(facts?.description),
      ordinalPosition: facts?.ordinal ?? null,
      nullable: null,
    });
  };

  const kind = eventKind(event);
  const jobOf = (j: OlJob): JobRow => ({
    jobId: jobIdFor(j.namespace, j.name),
    namespaceId: addNamespace(j.namespace),
    name: j.name,
    description: clip(j.facets?.documentation?.description) ?? clip(j.facets?.sql?.query),
    jobType: j.facets?.jobType?.jobType?.trim() || DEFAULT_JOB_TYPE,
  });
  let job: JobRow | null = null;
  let run: EventRunRow | null = null;
  if (kind === 'RUN') {
    const e = event as OlRunEvent;
    job = jobOf(e.job);
    const nominal = e.run.facets?.nominalTime;
    run = {
      runId: runIdFor(e.run.runId),
      jobId: job.jobId,
      eventType: e.eventType ?? 'OTHER',
      eventTime: new Date(e.eventTime),
      nominalStartTime: nominal?.nominalStartTime ? new Date(nominal.nominalStartTime) : null,
      nominalEndTime: nominal?.nominalEndTime ? new Date(nominal.nominalEndTime) : null,
      producer: e.producer,
      schemaUrl: e.schemaURL,
    };
  } else if (kind === 'JOB') {
    job = jobOf((event as OlJobEvent).job);
    run = {
      runId: staticRunIdFor(job.jobId),
      jobId: job.jobId,
      eventType: 'OTHER',
      eventTime: new Date(event.eventTime),
      nominalStartTime: null,
      nominalEndTime: null,
      producer: event.producer,
      schemaUrl: event.schemaURL,
    };
  }
  const runId = run?.runId ?? null;

  const addSide = (list: readonly OlDataset[] | undefined, into: Map<string, RunDatasetRow> | null) => {
    for (const ds of list ?? []) {
      const id = addDataset(ds.namespace, ds.name, ds);
      if (into && runId) into.set(id, { runId, datasetId: id });
      (ds.facets?.schema?.fields ?? []).forEach((f, i) => addField(id, f.name, { type: f.type, description: f.description, ordinal: i + 1 }));
    }
  };
  const sides = kind === 'DATASET' ? { inputs: [], outputs: [(event as OlDatasetEvent).dataset] } : (event as OlRunEvent | OlJobEvent);
  addSide(sides.inputs, runInputs);
  // A DatasetEvent's dataset is no run's output: its facets (schema, column lineage) are read as an output's are.
  addSide(sides.outputs, kind === 'DATASET' ? null : runOutputs);

  const addEdge = (input: OlInputField, targetUri: string, targetDataset: string, targetField: string, t: Transformation) => {
    addField(addDataset(input.namespace, input.name), input.field);
    const key = {
      sourceNamespace: input.namespace,
      sourceDataset: nameKey(input.namespace, input.name),
      sourceField: nameKey(input.namespace, input.field),
      targetNamespace: targetUri,
      targetDataset: nameKey(targetUri, targetDataset),
      targetField: nameKey(targetUri, targetField),
      transformationType: t.type,
      transformationSubtype: t.subtype,
    };
    const id = lineageId(key);
    if (!edges.has(id)) edges.set(id, { lineageId: id, runId, ...key, description: t.description, masking: t.masking, confidence: null });
  };

  const direct: Transformation = { type: 'DIRECT', subtype: 'IDENTITY', description: null, masking: false };
  const indirect: Transformation = { type: 'INDIRECT', subtype: 'FILTER', description: null, masking: false };
  // A run's last word (COMPLETE) or a job's static lineage states an output's column lineage whole: what it no longer lists stopped.
  const whole = kind === 'JOB' || (kind === 'RUN' && (event as OlRunEvent).eventType === 'COMPLETE');
  const statedOutputs: { namespace: string; dataset: string }[] = [];
  const droppedOutputs: { namespace: string; dataset: string; datasetId: string }[] = [];
  for (const ds of sides.outputs ?? []) {
    if (kind !== 'DATASET' && ds.facets?.lifecycleStateChange?.lifecycleStateChange?.toUpperCase() === 'DROP') {
      droppedOutputs.push({ namespace: ds.namespace, dataset: nameKey(ds.namespace, ds.name), datasetId: addDataset(ds.namespace, ds.name, ds) });
      continue;
    }
    const lineage = ds.facets?.columnLineage;
    if (!lineage) continue;
    const dsId = addDataset(ds.namespace, ds.name, ds);
    if (whole && Object.keys(lineage.fields ?? {}).length > 0) statedOutputs.push({ namespace: ds.namespace, dataset: nameKey(ds.namespace, ds.name) });
    for (const [target, spec] of Object.entries(lineage.fields ?? {})) {
      addField(dsId, target);
      for (const input of spec.inputFields ?? []) {
        for (const t of transformationsOf(input, direct, spec)) addEdge(input, ds.namespace, ds.name, target, t);
      }
    }
    if ((lineage.dataset ?? []).length > 0) addField(dsId, '*');
    for (const input of lineage.dataset ?? []) {
      for (const t of transformationsOf(input, indirect)) addEdge(input, ds.namespace, ds.name, '*', t);
    }
  }

  return {
    namespaces: [...namespaces.values()],
    datasets: [...datasets.values()],
    fields: [...fields.values()],
    job,
    run,
    runInputs: [...runInputs.values()],
    runOutputs: [...runOutputs.values()],
    edges: [...edges.values()],
    ...(statedOutputs.length > 0 ? { statedOutputs } : {}),
    ...(droppedOutputs.length > 0 ? { droppedOutputs } : {}),
  };
}
