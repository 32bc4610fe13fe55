import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeSession, encodeSession } from './session-token.js';

const secret = Buffer.from('a-test-secret-of-at-least-32-characters!!');
const now = Date.UTC(2026, 10, 23, 12, 0, 0);
const session = { user: 'admin', csrf: 'token-1', exp: now + 60_000 };

describe('signed session cookie', () => {
  it('reads back what it wrote', () => {
    expect(decodeSession(encodeSession(session, secret), secret, now)).toEqual(session);
  });

  it('keeps an anonymous session (no user) with its CSRF token', () => {
    const anonymous = { user: null, csrf: 'anon', exp: now + 1000 };
    expect(decodeSession(encodeSession(anonymous, secret), secret, now)).toEqual(anonymous);
  });

  it('rejects a payload changed after signing (user swapped in)', () => {
    const [, signature] = encodeSession({ ...session, user: 'guest' }, secret).split('.');
    const forged = Buffer.from(JSON.stringify({ u: 'admin', c: 'token-1', e: now + 60_000 })).toString('base64url');
    expect(decodeSession(`${forged}.${signature}`, secret, now)).toBeNull();
  });

  it('rejects a cookie signed with another secret', () => {
    expect(decodeSession(encodeSession(session, Buffer.from('another-secret')), secret, now)).toBeNull();
  });

  it('rejects an expired session', () => {
    expect(decodeSession(encodeSession(session, secret), secret, session.exp)).toBeNull();
  });

  it.each(['', 'abc', 'a.b.c', '.sig', `${'x'.repeat(3000)}.y`])('rejects the malformed value %j', (value) => {
    expect(decodeSession(value, secret, now)).toBeNull();
  });

  it('rejects a correctly signed payload of the wrong shape', () => {
    const payload = Buffer.from(JSON.stringify({ u: 42, c: 'x', e: now + 1000 })).toString('base64url');
    const sig = createHmac('sha256', secret).update(payload).digest('base64url');
    expect(decodeSession(`${payload}.${sig}`, secret, now)).toBeNull();
  });
});
