import { Controller, Get, Inject, Query, Render, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { UsageImpactService, weightedImpactCsv } from '../../usage/usage-impact.service.js';
import { UsageService } from '../../usage/usage.service.js';
import { AdminInvalidInputError } from '../admin.errors.js';
import { AdminAuthGuard } from '../auth/admin-auth.guard.js';
import { AdminLoginRedirectFilter } from '../auth/admin-login-redirect.filter.js';
import { AdminUnusedQueryDto, AdminUsageNodeQueryDto } from './usage.dto.js';
import { ADMIN_USAGE_PAGE_SIZE, type ImpactView, presentImpact, presentPanel, presentUnused, type UnusedView, type UsagePanelJson } from './usage.presenter.js';

/** Admins see user names (SECURITY.md). */
const ADMIN = { userNames: true } as const;
const DEFAULT_IMPACT_DAYS = 7;

/** Column usage for admins: the unused report, the usage-weighted impact view, and the explorer panel's JSON. */
@ApiExcludeController()
@Controller('admin')
@UseGuards(AdminAuthGuard)
@UseFilters(AdminLoginRedirectFilter)
export class AdminUsageController {
  constructor(
    @Inject(UsageService) private readonly usage: UsageService,
    @Inject(UsageImpactService) private readonly impact: UsageImpactService,
  ) {}

  @Get('usage/unused')
  @Render('pages/usage/unused')
  async unused(@Query() query: AdminUnusedQueryDto): Promise<UnusedView> {
    const level = query.level ?? 'dataset';
    const page = query.page ?? 1;
    const result = await this.usage.unused({ level, ...(query.days ? { days: query.days } : {}), limit: ADMIN_USAGE_PAGE_SIZE, offset: (page - 1) * ADMIN_USAGE_PAGE_SIZE });
    const days = query.days ?? Math.round((Date.parse(result.window.to) - Date.parse(result.window.from)) / 86_400_000) + 1;
    return presentUnused(result, level, days, page);
  }

  @Get('usage/impact')
  @Render('pages/usage/impact')
  async impactPage(@Query() query: AdminUsageNodeQueryDto): Promise<ImpactView> {
    const form = { ns: query.ns ?? '', dataset: query.dataset ?? '', field: query.field ?? '', days: query.days ?? DEFAULT_IMPACT_DAYS };
    if (!query.dataset) return presentImpact(form, null);
    const result = await this.impact.impact({ ...(query.ns ? { namespace: query.ns } : {}), dataset: query.dataset, ...(query.field ? { field: query.field } : {}), days: form.days }, ADMIN);
    return presentImpact(form, result);
  }

  @Get('usage/impact.csv')
  async impactCsv(@Query() query: AdminUsageNodeQueryDto, @Res() res: Response): Promise<void> {
    if (!query.dataset) throw new AdminInvalidInputError('dataset is required');
    const result = await this.impact.impact({ ...(query.ns ? { namespace: query.ns } : {}), dataset: query.dataset, ...(query.field ? { field: query.field } : {}), days: query.days ?? DEFAULT_IMPACT_DAYS }, ADMIN);
    res.setHeader('Content-Disposition', 'attachment; filename="usage-impact.csv"');
    res.type('text/csv').send(weightedImpactCsv(result));
  }

  /** For the explorer's detail panel: a dataset's or field's reads per day, top users and applications. */
  @Get('api/usage')
  async panel(@Query() query: AdminUsageNodeQueryDto): Promise<UsagePanelJson> {
    if (!query.dataset) throw new AdminInvalidInputError('dataset is required');
    const usage = await this.usage.nodeUsage(
      { ...(query.ns ? { namespace: query.ns } : {}), dataset: query.dataset, ...(query.field ? { field: query.field } : {}), ...(query.days ? { days: query.days } : {}), ...(query.to ? { to: query.to } : {}) },
      ADMIN,
    );
    return presentPanel(usage);
  }
}
