import { Body, Controller, Get, Inject, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ADMIN_SESSION_COOKIE, ADMIN_ROUTES } from '../admin.routes.js';
import { AdminAuthGuard, AdminPublic } from './admin-auth.guard.js';
import { AdminAuthService, SESSION_TTL_MS } from './admin-auth.service.js';
import { AdminLoginRedirectFilter } from './admin-login-redirect.filter.js';
import { type AdminRequest, setSessionCookie } from './admin-session.middleware.js';
import { CsrfOnlyFormDto, LoginFormDto } from './login.dto.js';
import { safeNextPath } from './next-path.js';

interface LoginView {
  layout: string;
  title: string;
  next: string;
  username: string;
  error: string | null;
}

function loginView(next: string, username: string, error: string | null): LoginView {
  return { layout: 'layouts/main', title: 'Sign in', next, username, error };
}

/** Sign in and out of the admin pages. */
@ApiExcludeController()
@Controller('admin')
@UseGuards(AdminAuthGuard)
@UseFilters(AdminLoginRedirectFilter)
export class AdminAuthController {
  constructor(@Inject(AdminAuthService) private readonly auth: AdminAuthService) {}

  @Get('login')
  @AdminPublic()
  loginPage(@Req() req: AdminRequest, @Res() res: Response, @Query('next') next?: string): void {
    const target = safeNextPath(next);
    if (req.adminSession?.user) return res.redirect(303, target);
    res.render('pages/auth/login', loginView(target, '', null));
  }

  /** Success: a new session (new CSRF token) and 302 to `next`; failure: the form again with 401, or 429 when throttled. */
  @Post('login')
  @AdminPublic()
  login(@Req() req: AdminRequest, @Res() res: Response, @Body() form: LoginFormDto): void {
    const target = safeNextPath(form.next);
    const outcome = this.auth.login(form.username, form.password, req.ip ?? 'unknown');
    if (outcome.ok) {
      setSessionCookie(res, req, this.auth.encode(outcome.session), SESSION_TTL_MS);
      return res.redirect(302, target);
    }
    if (outcome.reason === 'throttled') {
      res.setHeader('Retry-After', String(outcome.retryAfterSeconds));
      res.status(429).render('pages/auth/login', loginView(target, form.username, `Too many failed sign-ins. Try again in ${outcome.retryAfterSeconds} s.`));
      return;
    }
    res.status(401).render('pages/auth/login', loginView(target, form.username, 'Wrong user name or password.'));
  }

  @Post('logout')
  logout(@Req() req: AdminRequest, @Res() res: Response, @Body() _form: CsrfOnlyFormDto): void {
    res.clearCookie(ADMIN_SESSION_COOKIE, { path: '/admin', httpOnly: true, sameSite: 'strict', secure: req.secure });
    res.redirect(303, ADMIN_ROUTES.login);
  }
}
