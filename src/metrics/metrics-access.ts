import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The key a request presents: `X-API-Key`, else `Authorization: Bearer <key>`. */
export function presentedApiKey(headers: IncomingHttpHeaders): string | undefined {
  const header = headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  const auth = headers.authorization;
  const match = typeof auth === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
  return match?.[1];
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Constant-time comparison against every configured key (hashing first hides the length). */
export function isKnownApiKey(candidate: string, keys: readonly string[]): boolean {
  const presented = digest(candidate);
  let found = false;
  for (const key of keys) found = timingSafeEqual(presented, digest(key)) || found;
  return found;
}
