import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ADMIN_SESSION_COOKIE } from '../admin.routes.js';
import type { AdminSession } from './session-token.js';
import { AdminAuthService } from './admin-auth.service.js';

export interface AdminRequest extends Request {
  adminSession?: AdminSession;
}

export function setSessionCookie(res: Response, req: Request, value: string, maxAgeMs: number): void {
  res.cookie(ADMIN_SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/admin', maxAge: maxAgeMs });
}

/**
 * Every /admin request gets a session: the signed cookie's, or a fresh
 * anonymous one (so the login form has a CSRF token bound to it). The
 * session is exposed to templates through `res.locals` (the layout's nav,
 * the logout form's token), including the error pages the global filter renders.
 */
@Injectable()
export class AdminSessionMiddleware implements NestMiddleware {
  constructor(@Inject(AdminAuthService) private readonly auth: AdminAuthService) {}

  use(req: AdminRequest, res: Response, next: NextFunction): void {
    // A path matched by both of the module's route patterns ('admin' and 'admin/*path') comes here twice: a second
    // anonymous session would send a second cookie, and a client that kept the first would post a token not its own.
    if (req.adminSession) return next();
    const cookies = (req as { cookies?: Record<string, string> }).cookies ?? {};
    const now = Date.now();
    let session = this.auth.decode(cookies[ADMIN_SESSION_COOKIE], now);
    if (!session) {
      session = this.auth.anonymousSession(now);
      setSessionCookie(res, req, this.auth.encode(session), session.exp - now);
    }
    req.adminSession = session;
    res.locals.session = { user: session.user, csrf: session.csrf };
    res.locals.layout = 'layouts/main';
    res.locals.nav = navFor(req.originalUrl.split('?')[0]);
    next();
  }
}

const NAV = [
  { key: 'dashboard', label: 'Dashboard', href: '/admin', match: /^\/admin\/?$/ },
  { key: 'qvci', label: 'QVCI', href: '/admin/qvci', match: /^\/admin\/qvci/ },
  { key: 'schema', label: 'Schema', href: '/admin/schema', match: /^\/admin\/schema/ },
  { key: 'runs', label: 'Population runs', href: '/admin/runs', match: /^\/admin\/runs/ },
  { key: 'lineage', label: 'Lineage explorer', href: '/admin/lineage', match: /^\/admin\/lineage/ },
  { key: 'unused', label: 'Unused', href: '/admin/usage/unused', match: /^\/admin\/usage\/unused/ },
  { key: 'impact', label: 'Usage impact', href: '/admin/usage/impact', match: /^\/admin\/usage\/impact/ },
] as const;

/** Header navigation with the current area marked (aria-current in the template). */
export function navFor(path: string): { label: string; href: string; active: boolean }[] {
  const full = path.startsWith('/admin') ? path : `/admin${path === '/' ? '' : path}`;
  return NAV.map((n) => ({ label: n.label, href: n.href, active: n.match.test(full) }));
}
