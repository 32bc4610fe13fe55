import { Body, Controller, Get, Inject, Post, Render, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { UsageService } from '../../usage/usage.service.js';
import { AdminQvciSource, AdminSchemaSource } from '../admin.sources.js';
import { AdminAuthGuard } from '../auth/admin-auth.guard.js';
import { AdminLoginRedirectFilter } from '../auth/admin-login-redirect.filter.js';
import { CsrfOnlyFormDto } from '../auth/login.dto.js';
import { presentQvci, type QvciPageView } from './qvci.presenter.js';
import { presentSchema, type SchemaPageView } from './schema.presenter.js';

/** QVCI and schema status pages with their actions (re-check, apply migrations). */
@ApiExcludeController()
@Controller('admin')
@UseGuards(AdminAuthGuard)
@UseFilters(AdminLoginRedirectFilter)
export class AdminStatusController {
  constructor(
    @Inject(AdminQvciSource) private readonly qvci: AdminQvciSource,
    @Inject(AdminSchemaSource) private readonly schema: AdminSchemaSource,
    @Inject(UsageService) private readonly usage: UsageService,
  ) {}

  /** The usage source line of the schema page (null when the usage tables cannot be read, e.g. before the migration). */
  private usageStatus() {
    return this.usage.status().catch(() => null);
  }

  @Get('qvci')
  @Render('pages/qvci/index')
  async qvciPage(): Promise<QvciPageView> {
    return presentQvci(await this.qvci.current());
  }

  /** Runs the check again and shows its result on the same page. */
  @Post('qvci/recheck')
  @Render('pages/qvci/index')
  async qvciRecheck(@Body() _form: CsrfOnlyFormDto): Promise<QvciPageView> {
    return presentQvci(await this.qvci.recheck(), true);
  }

  @Get('schema')
  @Render('pages/schema/index')
  async schemaPage(): Promise<SchemaPageView> {
    const [status, dryRun, usage] = await Promise.all([this.schema.status(), this.schema.setup({ dryRun: true }), this.usageStatus()]);
    return presentSchema(status, dryRun, null, usage);
  }

  /** Applies the pending migrations (what `schema setup` does) and shows the result with the new status. */
  @Post('schema/apply')
  @Render('pages/schema/index')
  async schemaApply(@Body() _form: CsrfOnlyFormDto): Promise<SchemaPageView> {
    const applied = await this.schema.setup({ dryRun: false });
    const [status, dryRun, usage] = await Promise.all([this.schema.status(), this.schema.setup({ dryRun: true }), this.usageStatus()]);
    return presentSchema(status, dryRun, applied, usage);
  }
}
