import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AdminCsrfError, AdminLoginRequiredError } from '../admin.errors.js';
import { CSRF_FIELD, CSRF_HEADER } from '../admin.routes.js';
import { AdminAuthService } from './admin-auth.service.js';
import type { AdminRequest } from './admin-session.middleware.js';

const PUBLIC_KEY = 'admin:public';
/** A route that needs no signed-in session (the login form). CSRF is still checked on its POST. */
export const AdminPublic = () => SetMetadata(PUBLIC_KEY, true);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every admin route: a state-changing request must carry the session's CSRF
 * token (form field `_csrf` or header X-CSRF-Token), else 403; every route
 * not marked @AdminPublic needs a signed-in session, else the login redirect.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    @Inject(AdminAuthService) private readonly auth: AdminAuthService,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AdminRequest>();
    const session = req.adminSession;
    if (!SAFE_METHODS.has(req.method)) {
      const body = req.body as Record<string, unknown> | undefined;
      const token = body?.[CSRF_FIELD] ?? req.get(CSRF_HEADER);
      if (!session || !this.auth.csrfMatches(session, token)) throw new AdminCsrfError();
    }
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (!isPublic && !session?.user) throw new AdminLoginRequiredError();
    return true;
  }
}
