import { Body, Controller, Get, Inject, Post, Render, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AdminSourceUnavailableError } from './admin.errors.js';
import { AdminQvciSource, AdminSchemaSource } from './admin.sources.js';
import { AdminAuthGuard } from './auth/admin-auth.guard.js';
import { AdminLoginRedirectFilter } from './auth/admin-login-redirect.filter.js';
import { CsrfOnlyFormDto } from './auth/login.dto.js';
import { presentQvci, type QvciPageView } from './qvci.presenter.js';
import { presentSchema, type SchemaPageView } from './schema.presenter.js';

/** Unavailable sources render their page with the reason; anything else goes to the error page. */
async function orUnavailable<T>(work: () => Promise<T>): Promise<{ value: T | null; reason: string | null }> {
  try {
    return { value: await work(), reason: null };
  } catch (err) {
    if (err instanceof AdminSourceUnavailableError) return { value: null, reason: err.message };
    throw err;
  }
}

/** QVCI and schema status pages with their actions (re-check, apply migrations). */
@ApiExcludeController()
@Controller('admin')
@UseGuards(AdminAuthGuard)
@UseFilters(AdminLoginRedirectFilter)
export class AdminStatusController {
  constructor(
    @Inject(AdminQvciSource) private readonly qvci: AdminQvciSource,
    @Inject(AdminSchemaSource) private readonly schema: AdminSchemaSource,
  ) {}

  @Get('qvci')
  @Render('pages/qvci/index')
  async qvciPage(): Promise<QvciPageView> {
    const { value, reason } = await orUnavailable(() => this.qvci.current());
    return presentQvci(value, reason);
  }

  /** Runs the check again and shows its result on the same page (no redirect: the result is the answer). */
  @Post('qvci/recheck')
  @Render('pages/qvci/index')
  async qvciRecheck(@Body() _form: CsrfOnlyFormDto): Promise<QvciPageView> {
    const { value, reason } = await orUnavailable(() => this.qvci.recheck());
    return presentQvci(value, reason, true);
  }

  @Get('schema')
  @Render('pages/schema/index')
  async schemaPage(): Promise<SchemaPageView> {
    const { value, reason } = await orUnavailable(async () => ({ status: await this.schema.status(), dry: await this.schema.setup({ dryRun: true }) }));
    return presentSchema(value?.status ?? null, value?.dry ?? null, reason);
  }

  @Post('schema/apply')
  @Render('pages/schema/index')
  async schemaApply(@Body() _form: CsrfOnlyFormDto): Promise<SchemaPageView> {
    const { value, reason } = await orUnavailable(async () => {
      const applied = await this.schema.setup({ dryRun: false });
      return { applied, status: await this.schema.status(), dry: await this.schema.setup({ dryRun: true }) };
    });
    return presentSchema(value?.status ?? null, value?.dry ?? null, reason, value?.applied ?? null);
  }
}
