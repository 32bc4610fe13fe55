import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { COLUMN_LINEAGE_REF, DATASET_EVENT_REF, JOB_EVENT_REF, loadOpenLineageSchemas, type OpenLineageSchemas, RUN_EVENT_REF, SQL_JOB_REF } from './openlineage-schemas.js';
import { type EventKind, eventKind, type Violation } from './openlineage.types.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

/** At most this many violations are reported for one event. */
export const MAX_VIOLATIONS = 100;

/** Escapes a property name for a JSON pointer (RFC 6901). */
export function pointerToken(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

function toViolation(error: ErrorObject, prefix: string): Violation {
  const params = error.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
  if (error.keyword === 'required' && params.missingProperty !== undefined) {
    return { path: `${prefix}${error.instancePath}/${pointerToken(params.missingProperty)}`, message: 'is required' };
  }
  if (error.keyword === 'additionalProperties' && params.additionalProperty !== undefined) {
    return { path: `${prefix}${error.instancePath}/${pointerToken(params.additionalProperty)}`, message: 'is not allowed here' };
  }
  const allowed = error.keyword === 'enum' && params.allowedValues ? `: ${params.allowedValues.map(String).join(', ')}` : '';
  return { path: `${prefix}${error.instancePath}` || '/', message: `${error.message ?? 'is invalid'}${allowed}` };
}

function facetEntries(facets: unknown): [string, Record<string, unknown>][] {
  if (!facets || typeof facets !== 'object' || Array.isArray(facets)) return [];
  return Object.entries(facets as Record<string, unknown>).filter((e): e is [string, Record<string, unknown>] => !!e[1] && typeof e[1] === 'object' && !Array.isArray(e[1]));
}

function claims(key: string, facet: Record<string, unknown>, facetKey: string, schemaFile: string): boolean {
  return key === facetKey || (typeof facet._schemaURL === 'string' && facet._schemaURL.includes(schemaFile));
}

/**
 * Validates an event against OpenLineage 2-0-2 (JSON Schema 2020-12, with
 * formats: uuid, date-time, uri) as the kind its members make it (`run`: a
 * RunEvent, else `job`: a JobEvent, else `dataset`: a DatasetEvent), so the
 * violations are those of the event the producer meant, and the facets
 * ingestion reads against
 * their own schemas: a dataset facet named `columnLineage` or whose
 * `_schemaURL` names ColumnLineageDatasetFacet.json against
 * ColumnLineageDatasetFacet 1-2-0, a job facet named `sql` or naming
 * SQLJobFacet.json against SQLJobFacet 1-1-0. Compiled once; validation is
 * pure and synchronous. Violations carry JSON pointers into the posted body.
 */
export class OpenLineageValidator {
  private readonly events: Record<EventKind, ValidateFunction>;
  private readonly columnLineage: ValidateFunction;
  private readonly sqlJob: ValidateFunction;

  constructor(schemas: OpenLineageSchemas = loadOpenLineageSchemas()) {
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
    addFormats(ajv);
    ajv.addSchema(schemas.openLineage).addSchema(schemas.columnLineage).addSchema(schemas.sqlJob);
    this.events = { RUN: ajv.compile({ $ref: RUN_EVENT_REF }), JOB: ajv.compile({ $ref: JOB_EVENT_REF }), DATASET: ajv.compile({ $ref: DATASET_EVENT_REF }) };
    this.columnLineage = ajv.compile({ $ref: COLUMN_LINEAGE_REF });
    this.sqlJob = ajv.compile({ $ref: SQL_JOB_REF });
  }

  /** Every violation (up to MAX_VIOLATIONS), `prefix` prepended to each path (e.g. `/3` for the fourth event of an array). */
  validate(event: unknown, prefix = ''): Violation[] {
    const out: Violation[] = [];
    const run = (validate: ValidateFunction, value: unknown, at: string) => {
      if (!validate(value)) for (const e of validate.errors ?? []) out.push(toViolation(e, at));
    };
    const isObject = !!event && typeof event === 'object' && !Array.isArray(event);
    const kind: EventKind = isObject ? eventKind(event) : 'RUN';
    run(this.events[kind], event, prefix);
    if (isObject) {
      const e = event as Record<string, unknown>;
      const columnLineageOf = (ds: unknown, at: string) => {
        for (const [key, facet] of facetEntries((ds as { facets?: unknown } | null)?.facets)) {
          if (claims(key, facet, 'columnLineage', 'ColumnLineageDatasetFacet.json')) run(this.columnLineage, facet, `${at}/facets/${pointerToken(key)}`);
        }
      };
      for (const side of ['inputs', 'outputs'] as const) {
        const datasets = Array.isArray(e[side]) ? (e[side] as unknown[]) : [];
        datasets.forEach((ds, i) => columnLineageOf(ds, `${prefix}/${side}/${i}`));
      }
      if (kind === 'DATASET') columnLineageOf(e.dataset, `${prefix}/dataset`);
      for (const [key, facet] of facetEntries((e.job as { facets?: unknown } | null)?.facets)) {
        if (claims(key, facet, 'sql', 'SQLJobFacet.json')) run(this.sqlJob, facet, `${prefix}/job/facets/${pointerToken(key)}`);
      }
    }
    const seen = new Set<string>();
    return out
      .filter((v) => {
        const k = `${v.path}\u0000${v.message}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      })
      .slice(0, MAX_VIOLATIONS);
  }
}
