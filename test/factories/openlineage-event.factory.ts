import { prepareEvent } from '../../src/lineage/ingestion/event-preparation.js';
import type { EventToStore } from '../../src/lineage/ingestion/ingestion.repository.js';
import { OpenLineageValidator } from '../../src/lineage/ingestion/openlineage.validator.js';

const validator = new OpenLineageValidator();

/** An event as the ingestion service hands it to the repository (normalised in lenient mode when asked); throws on an invalid one. */
export function eventToStore(event: unknown, lenient = false): EventToStore {
  const prepared = prepareEvent(event, 0, '', { validator, lenient, keepKb: 256 });
  if (!('event' in prepared)) throw new Error(`invalid test event: ${JSON.stringify(prepared.violations)}`);
  return prepared.event;
}
