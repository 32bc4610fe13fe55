import { nameBasedUuid } from './event-identity.js';
import { eventKind } from './openlineage.types.js';

/**
 * Lenient mode (OPENLINEAGE_LENIENT, on by default): what Marquez accepts
 * and the OpenLineage JSON Schema refuses, made valid before validation,
 * each change said in the event's result. Producers in the wild send these:
 *
 * - an `eventTime` without a time zone → read as UTC (Marquez does the same);
 * - no `schemaURL` → the 2-0-2 schema URL of the event's kind;
 * - a `run.runId` that is not a UUID → the UUID Marquez derives from it
 *   (name-based, MD5), so both tools name the run alike;
 * - `inputs`, `outputs` or facet maps sent as null → left out;
 * - facets without `_producer` / `_schemaURL` → the event's producer and a
 *   placeholder URL naming the facet; `_deleted: null` (dbt sends it) → left out.
 *
 * Everything else is validated as sent. The input is never modified: a
 * changed event is a copy.
 */
const SPEC = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NO_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const FACET_MAPS = ['facets', 'inputFacets', 'outputFacets'] as const;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export function normaliseLeniently(raw: unknown): { event: unknown; normalised: string[] } {
  if (!isObject(raw)) return { event: raw, normalised: [] };
  const event = structuredClone(raw);
  const notes: string[] = [];
  const kind = { RUN: 'RunEvent', JOB: 'JobEvent', DATASET: 'DatasetEvent' }[eventKind(event)];

  if (typeof event.eventTime === 'string' && NO_ZONE.test(event.eventTime)) {
    event.eventTime = `${event.eventTime}Z`;
    notes.push('eventTime had no time zone: read as UTC');
  }
  if ((event.schemaURL === undefined || event.schemaURL === null || event.schemaURL === '')) {
    event.schemaURL = `${SPEC}${kind}`;
    notes.push(`schemaURL was missing: ${SPEC}${kind} assumed`);
  }
  const run = event.run;
  if (isObject(run) && typeof run.runId === 'string' && run.runId !== '' && !UUID.test(run.runId)) {
    const uuid = nameBasedUuid(run.runId);
    notes.push(`run.runId "${run.runId.slice(0, 100)}" is not a UUID: stored as ${uuid}, the name-based UUID Marquez derives from it`);
    run.runId = uuid;
  }
  for (const side of ['inputs', 'outputs'] as const) {
    if (side in event && event[side] === null) {
      delete event[side];
      notes.push(`${side} was null: read as none`);
    }
  }

  // Facet maps: null ones dropped, facets completed with the base members the schema requires.
  const producer = typeof event.producer === 'string' ? event.producer : undefined;
  let nullMaps = 0;
  let completed = 0;
  let nullDeleted = 0;
  const facetsOf = (owner: unknown) => {
    if (!isObject(owner)) return;
    for (const map of FACET_MAPS) {
      if (!(map in owner)) continue;
      const facets = owner[map];
      if (facets === null) {
        delete owner[map];
        nullMaps++;
        continue;
      }
      if (!isObject(facets)) continue;
      for (const [name, facet] of Object.entries(facets)) {
        if (!isObject(facet)) continue;
        if ('_deleted' in facet && facet._deleted === null) {
          delete facet._deleted;
          nullDeleted++;
        }
        let changed = false;
        if (facet._producer === undefined && producer !== undefined) {
          facet._producer = producer;
          changed = true;
        }
        if (facet._schemaURL === undefined) {
          facet._schemaURL = `https://openlineage.io/spec/facets/unknown.json#/$defs/${encodeURIComponent(name)}`;
          changed = true;
        }
        if (changed) completed++;
      }
    }
  };
  facetsOf(event.run);
  facetsOf(event.job);
  facetsOf(event.dataset);
  for (const side of ['inputs', 'outputs'] as const) if (Array.isArray(event[side])) for (const ds of event[side] as unknown[]) facetsOf(ds);
  if (nullMaps > 0) notes.push(`${nullMaps} facet map${nullMaps === 1 ? ' was' : 's were'} null: read as none`);
  if (nullDeleted > 0) notes.push(`${nullDeleted} facet${nullDeleted === 1 ? ' had' : 's had'} _deleted: null: read as not deleted`);
  if (completed > 0) notes.push(`${completed} facet${completed === 1 ? ' lacked' : 's lacked'} _producer or _schemaURL: the event's producer and a placeholder URL filled in`);

  return notes.length > 0 ? { event, normalised: notes } : { event: raw, normalised: [] };
}
