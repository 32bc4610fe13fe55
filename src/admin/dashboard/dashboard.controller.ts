import { Controller, Get, Inject, Render, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AdminDashboardService } from './dashboard.service.js';
import { AdminAuthGuard } from '../auth/admin-auth.guard.js';
import { AdminLoginRedirectFilter } from '../auth/admin-login-redirect.filter.js';
import { type DashboardView, presentDashboard } from './dashboard.presenter.js';

@ApiExcludeController()
@Controller('admin')
@UseGuards(AdminAuthGuard)
@UseFilters(AdminLoginRedirectFilter)
export class AdminDashboardController {
  constructor(@Inject(AdminDashboardService) private readonly dashboard: AdminDashboardService) {}

  @Get()
  @Render('pages/dashboard/index')
  async index(): Promise<DashboardView> {
    return presentDashboard(await this.dashboard.load());
  }
}
