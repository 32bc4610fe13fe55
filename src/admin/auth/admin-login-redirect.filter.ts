import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toErrorBody } from '../../http/error.filter.js';
import { AdminLoginRequiredError } from '../admin.errors.js';
import { safeNextPath } from './next-path.js';

/**
 * No session: a page request goes to the login form (303) and comes back
 * after it; /admin/api answers 401 JSON like the rest of the API.
 */
@Catch(AdminLoginRequiredError)
export class AdminLoginRedirectFilter implements ExceptionFilter {
  catch(exception: AdminLoginRequiredError, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request & { id?: string }>();
    const res = host.switchToHttp().getResponse<Response>();
    if (req.path.startsWith('/admin/api/')) {
      res.status(401).json(toErrorBody(exception, typeof req.id === 'string' ? req.id : undefined));
      return;
    }
    const next = req.method === 'GET' ? safeNextPath(req.originalUrl) : '/admin';
    const query = `?next=${encodeURIComponent(next)}`;
    res.redirect(303, `/admin/login${query}`);
  }
}
