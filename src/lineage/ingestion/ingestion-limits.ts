import { TRANSFORMATION_TYPES } from '../../model/transformation.js';
import type { OlDataset, OlEvent, OlInputField, OlJob, Violation } from './openlineage.types.js';
import { pointerToken } from './openlineage.validator.js';

/**
 * Bounds beyond the OpenLineage schema, so every value fits its OL_* column
 * and one event cannot make one transaction unbounded. Checked after schema
 * validation; each breach is a violation naming its JSON path.
 */
export const INGESTION_LIMITS = {
  /** Dataset, field and job names (VARCHAR(256)). */
  name: 256,
  /** Namespace URIs, producer, schemaURL (VARCHAR(512)). */
  uri: 512,
  fieldType: 128,
  jobType: 50,
  transformationSubtype: 50,
  datasetsPerSide: 1000,
  fieldsPerDataset: 2000,
  inputFieldsPerField: 2000,
  transformationsPerInputField: 20,
  edgesPerEvent: 100_000,
  eventsPerRequest: 100,
} as const;

const TRANSFORMATION_TYPE_NAMES = new Set<string>(TRANSFORMATION_TYPES);

export function checkLimits(event: OlEvent, prefix = ''): Violation[] {
  const out: Violation[] = [];
  const L = INGESTION_LIMITS;
  const text = (value: string | undefined, path: string, max: number, required = true) => {
    if (value === undefined) return;
    if (required && value.trim() === '') out.push({ path: `${prefix}${path}`, message: 'must not be empty' });
    else if (value.length > max) out.push({ path: `${prefix}${path}`, message: `must be at most ${max} characters (got ${value.length})` });
  };
  const count = (length: number, path: string, max: number, what: string) => {
    if (length > max) out.push({ path: `${prefix}${path}`, message: `must hold at most ${max} ${what} (got ${length})` });
  };
  text(event.producer, '/producer', L.uri);
  text(event.schemaURL, '/schemaURL', L.uri);
  const job = (event as { job?: OlJob }).job;
  if (job) {
    text(job.namespace, '/job/namespace', L.uri);
    text(job.name, '/job/name', L.name);
    text(job.facets?.jobType?.jobType, '/job/facets/jobType/jobType', L.jobType);
  }
  let edges = 0;
  const inputFields = (list: readonly OlInputField[], path: string) => {
    count(list.length, path, L.inputFieldsPerField, 'input fields');
    list.forEach((f, i) => {
      text(f.namespace, `${path}/${i}/namespace`, L.uri);
      text(f.name, `${path}/${i}/name`, L.name);
      text(f.field, `${path}/${i}/field`, L.name);
      const transformations = f.transformations ?? [];
      count(transformations.length, `${path}/${i}/transformations`, L.transformationsPerInputField, 'transformations');
      transformations.forEach((t, j) => {
        if (!TRANSFORMATION_TYPE_NAMES.has(t.type)) out.push({ path: `${prefix}${path}/${i}/transformations/${j}/type`, message: 'must be DIRECT or INDIRECT' });
        text(t.subtype, `${path}/${i}/transformations/${j}/subtype`, L.transformationSubtype, false);
      });
      edges += Math.max(1, transformations.length);
    });
  };
  // A DatasetEvent's one dataset is checked as an output (its column lineage makes edges into it).
  const sides: [string, readonly OlDataset[], (d: number) => string][] =
    'dataset' in event
      ? [['/dataset', [event.dataset], () => '/dataset']]
      : (['inputs', 'outputs'] as const).map((side) => [`/${side}`, (event as { [k in typeof side]?: readonly OlDataset[] })[side] ?? [], (d: number) => `/${side}/${d}`]);
  for (const [path, datasets, at0] of sides) {
    count(datasets.length, path, L.datasetsPerSide, 'datasets');
    datasets.forEach((ds, d) => {
      const at = at0(d);
      text(ds.namespace, `${at}/namespace`, L.uri);
      text(ds.name, `${at}/name`, L.name);
      const schemaFields = ds.facets?.schema?.fields ?? [];
      count(schemaFields.length, `${at}/facets/schema/fields`, L.fieldsPerDataset, 'fields');
      schemaFields.forEach((f, i) => {
        text(f.name, `${at}/facets/schema/fields/${i}/name`, L.name);
        text(f.type, `${at}/facets/schema/fields/${i}/type`, L.fieldType, false);
      });
      const lineage = ds.facets?.columnLineage;
      if (!lineage) return;
      const fields = Object.entries(lineage.fields ?? {});
      count(fields.length, `${at}/facets/columnLineage/fields`, L.fieldsPerDataset, 'fields');
      for (const [name, spec] of fields) {
        const path = `${at}/facets/columnLineage/fields/${pointerToken(name)}`;
        text(name, path, L.name);
        inputFields(spec.inputFields ?? [], `${path}/inputFields`);
      }
      const datasetLevel = lineage.dataset ?? [];
      inputFields(datasetLevel, `${at}/facets/columnLineage/dataset`);
      edges += datasetLevel.length * Math.max(0, fields.length - 1);
    });
  }
  if (edges > L.edgesPerEvent) out.push({ path: `${prefix}${'dataset' in event ? '/dataset' : '/outputs'}`, message: `column lineage makes ${edges} edges; at most ${L.edgesPerEvent} per event` });
  return out;
}
