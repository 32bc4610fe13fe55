import { createHash } from 'node:crypto';

/**
 * An event's identity is its content: the SHA-256 of its canonical JSON
 * (object keys sorted at every level, no blanks), so the same event posted
 * twice, whatever its key order or spacing, is found and written once,
 * while two different events of one run and type are two events.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** 52 bits: the largest whole number JavaScript holds exactly; collisions only cost a look at event_id. */
const KEY_HEX_DIGITS = 13;

export function eventIdentity(event: unknown): { eventId: string; eventKey: number } {
  const eventId = createHash('sha256').update(canonicalJson(event)).digest('hex');
  return { eventId, eventKey: Number.parseInt(eventId.slice(0, KEY_HEX_DIGITS), 16) };
}

/**
 * The UUID Marquez gives a run id that is not a UUID (Java's
 * UUID.nameUUIDFromBytes: MD5 of the UTF-8 text, version 3): the same run
 * lands on the same id here as there.
 */
export function nameBasedUuid(text: string): string {
  const b = createHash('md5').update(text, 'utf8').digest();
  b[6] = (b[6] & 0x0f) | 0x30;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
