import { eventIdentity } from './event-identity.js';
import { checkLimits } from './ingestion-limits.js';
import type { EventToStore } from './ingestion.repository.js';
import type { EventEnvelope, RefusedEvent } from './ingestion.types.js';
import { normaliseLeniently } from './lenient-event.js';
import { mapEvent } from './openlineage.mapper.js';
import { eventKind, type OlEvent, type Violation } from './openlineage.types.js';
import type { OpenLineageValidator } from './openlineage.validator.js';

export interface PreparationOptions {
  readonly validator: OpenLineageValidator;
  /** Normalise what Marquez accepts and the schema refuses (OPENLINEAGE_LENIENT). */
  readonly lenient: boolean;
  /** Largest event kept as received, in KiB (OPENLINEAGE_EVENT_KEEP_KB). */
  readonly keepKb: number;
}

/**
 * Pure: one posted event → ready to store (its OL_* rows and its envelope:
 * kind, content identity, the text kept, what lenient mode changed), or
 * refused with its violations. `prefix` is prepended to violation paths
 * (`/3` for the fourth event of an array). The identity is that of the
 * event as posted, so a re-post is recognised whatever lenient mode did.
 */
export function prepareEvent(raw: unknown, index: number, prefix: string, options: PreparationOptions): { readonly index: number; readonly event: EventToStore } | RefusedEvent {
  const { event, normalised } = options.lenient ? normaliseLeniently(raw) : { event: raw, normalised: [] };
  const schema = options.validator.validate(event, prefix);
  const violations: readonly Violation[] = schema.length > 0 ? schema : checkLimits(event as OlEvent, prefix);
  if (violations.length > 0) return { index, status: 'refused', violations };
  const valid = event as OlEvent;
  const text = JSON.stringify(raw);
  const envelope: EventEnvelope = {
    kind: eventKind(valid),
    eventTime: new Date(valid.eventTime),
    producer: valid.producer,
    ...eventIdentity(raw),
    payload: text.length <= options.keepKb * 1024 ? text : null,
    payloadChars: text.length,
    normalised,
  };
  return { index, event: { rows: mapEvent(valid), envelope } };
}
