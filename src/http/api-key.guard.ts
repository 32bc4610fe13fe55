import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { HttpConfig } from '../config/app-config.js';
import { ApiKeyRequiredError } from './http.errors.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** The key a request carries: `X-API-Key`, or `Authorization: Bearer <key>`. */
export function presentedKey(req: Pick<Request, 'headers'>): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+\S+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  return undefined;
}

/** The configured keys' digests, made once per list (the configuration's list lives as long as the service). */
const keyDigests = new WeakMap<readonly string[], readonly Buffer[]>();

/** Constant-time comparison against every configured key (equal-length digests). */
export function keyMatches(presented: string | undefined, keys: readonly string[]): boolean {
  if (presented === undefined) return false;
  const p = digest(presented);
  let digests = keyDigests.get(keys);
  if (!digests) keyDigests.set(keys, (digests = keys.map(digest)));
  let ok = false;
  for (const k of digests) ok = timingSafeEqual(p, k) || ok;
  return ok;
}

/**
 * API keys on /api routes (not the Swagger UI). With API_KEYS set every
 * /api request needs a key; without it reads are open and writes are refused.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(@Inject(HttpConfig) private readonly config: HttpConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const path = req.path ?? req.url ?? '';
    if (!path.startsWith('/api/') || path.startsWith('/api/docs')) return true;
    const keys = this.config.apiKeys;
    if (keys.length > 0) {
      if (keyMatches(presentedKey(req), keys)) return true;
      throw new ApiKeyRequiredError('A valid API key is required: send it as X-API-Key: <key> or Authorization: Bearer <key>');
    }
    if (READ_METHODS.has(req.method)) return true;
    throw new ApiKeyRequiredError('Writes are disabled until API keys are configured: set API_KEYS and send a key as X-API-Key or Authorization: Bearer');
  }
}
