import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The admin session lives in one signed cookie: base64url(JSON payload) + '.'
 * + base64url(HMAC-SHA256(secret, payload)). No server-side store, so any
 * replica with the same ADMIN_SESSION_SECRET accepts it. A session without a
 * user is the anonymous session that carries the login form's CSRF token.
 */
export interface AdminSession {
  /** Signed-in user, or null before login. */
  readonly user: string | null;
  /** Synchronizer CSRF token bound to this session (rotated at login). */
  readonly csrf: string;
  /** Expiry, epoch milliseconds. */
  readonly exp: number;
}

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

function sign(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

export function encodeSession(session: AdminSession, secret: Buffer): string {
  const payload = Buffer.from(JSON.stringify({ u: session.user, c: session.csrf, e: session.exp }), 'utf8').toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

/** The session in a cookie value, or null when it is malformed, forged or expired. */
export function decodeSession(value: string | undefined, secret: Buffer, now: number): AdminSession | null {
  if (!value || value.length > 2048) return null;
  const dot = value.indexOf('.');
  if (dot <= 0 || dot !== value.lastIndexOf('.')) return null;
  const payload = value.slice(0, dot);
  const signature = Buffer.from(value.slice(dot + 1), 'base64url');
  const expected = sign(secret, payload);
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const p = parsed as { u?: unknown; c?: unknown; e?: unknown };
  if ((p.u !== null && typeof p.u !== 'string') || typeof p.c !== 'string' || typeof p.e !== 'number') return null;
  if (p.e <= now) return null;
  return { user: p.u, csrf: p.c, exp: p.e };
}
