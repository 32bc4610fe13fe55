import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AdminConfig } from '../../config/app-config.js';
import { LoginThrottle } from './login-throttle.js';
import { generatePassword, hashPassword, type PasswordHash, safeEqual, verifyPassword } from './password-hash.js';
import { type AdminSession, decodeSession, encodeSession, newCsrfToken } from './session-token.js';

/** A signed-in session lasts this long; the anonymous one (login form) less. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
export const ANONYMOUS_TTL_MS = 2 * 60 * 60 * 1000;
/** Failed logins allowed per client address and user name per window. */
export const LOGIN_FAILURE_LIMIT = 5;
export const LOGIN_WINDOW_MS = 60_000;

export type LoginOutcome =
  | { readonly ok: true; readonly session: AdminSession }
  | { readonly ok: false; readonly reason: 'invalid' }
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterSeconds: number };

/**
 * Admin credentials and sessions. The password (ADMIN_PASSWORD, or one
 * generated at start) is kept only as a scrypt hash; the session is a signed
 * cookie (ADMIN_SESSION_SECRET, or random per start). A generated password is
 * never logged: the start-up banner takes it once (takeGeneratedPassword) and
 * shows it in the terminal, or writes it to a file when the log is JSON.
 */
@Injectable()
export class AdminAuthService {
  private readonly logger = new Logger('AdminAuth');
  private readonly user: string;
  private readonly passwordHash: PasswordHash;
  private readonly secret: Buffer;
  private readonly throttle = new LoginThrottle(LOGIN_FAILURE_LIMIT, LOGIN_WINDOW_MS);
  private generated?: string;

  constructor(@Inject(AdminConfig) config: AdminConfig) {
    this.user = config.user;
    if (config.password) {
      this.passwordHash = hashPassword(config.password);
    } else {
      this.generated = generatePassword();
      this.passwordHash = hashPassword(this.generated);
      this.logger.warn(`ADMIN_PASSWORD is not set: an admin password was generated for this start (user "${config.user}"); the start-up banner tells where to find it`);
    }
    this.secret = config.sessionSecret ? Buffer.from(config.sessionSecret, 'utf8') : randomBytes(32);
    if (!config.sessionSecret) this.logger.log('ADMIN_SESSION_SECRET is not set: admin sessions are signed with a random key and end when the service restarts');
  }

  /** The password generated at start (none when ADMIN_PASSWORD is set), handed out once: the start-up banner's. */
  takeGeneratedPassword(): string | undefined {
    const password = this.generated;
    this.generated = undefined;
    return password;
  }

  /** Checks the credentials (always both, at constant cost) unless the client is throttled. */
  login(username: string, password: string, clientAddress: string, now = Date.now()): LoginOutcome {
    const key = `${clientAddress}|${username.toLowerCase()}`;
    const wait = this.throttle.retryAfterMs(key, now);
    if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: Math.ceil(wait / 1000) };
    const passwordOk = verifyPassword(password, this.passwordHash);
    const userOk = safeEqual(username, this.user);
    if (!passwordOk || !userOk) {
      this.throttle.recordFailure(key, now);
      // The attempted user name is not logged: people type passwords into it.
      this.logger.warn(`Failed admin login from ${clientAddress} (${userOk ? 'wrong password' : 'unknown user name'})`);
      return { ok: false, reason: 'invalid' };
    }
    this.throttle.clear(key);
    this.logger.log(`Admin "${this.user}" signed in from ${clientAddress}`);
    return { ok: true, session: { user: this.user, csrf: newCsrfToken(), exp: now + SESSION_TTL_MS } };
  }

  anonymousSession(now = Date.now()): AdminSession {
    return { user: null, csrf: newCsrfToken(), exp: now + ANONYMOUS_TTL_MS };
  }

  encode(session: AdminSession): string {
    return encodeSession(session, this.secret);
  }

  decode(cookie: string | undefined, now = Date.now()): AdminSession | null {
    return decodeSession(cookie, this.secret, now);
  }

  csrfMatches(session: AdminSession, token: unknown): boolean {
    return typeof token === 'string' && token.length > 0 && safeEqual(token, session.csrf);
  }
}
