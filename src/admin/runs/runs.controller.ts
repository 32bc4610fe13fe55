import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Render, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { PopulationRunsService } from '../../population/population-runs.service.js';
import { AdminRunsService } from './runs.service.js';
import { ADMIN_ROUTES } from '../admin.routes.js';
import { AdminAuthGuard } from '../auth/admin-auth.guard.js';
import { AdminLoginRedirectFilter } from '../auth/admin-login-redirect.filter.js';
import { RunDetailQueryDto, RunsListQueryDto, StartRunFormDto } from './runs.dto.js';
import {
  emptyStartForm,
  FAILURES_PAGE_SIZE,
  presentProgress,
  presentRunDetail,
  presentRunsList,
  RUNS_PAGE_SIZE,
  type RunDetailView,
  type RunsListView,
} from './runs.presenter.js';

/** Population runs: history, one run with its failures, starting a run, live progress. */
@ApiExcludeController()
@Controller('admin')
@UseGuards(AdminAuthGuard)
@UseFilters(AdminLoginRedirectFilter)
export class AdminRunsController {
  constructor(
    @Inject(PopulationRunsService) private readonly runs: PopulationRunsService,
    @Inject(AdminRunsService) private readonly admin: AdminRunsService,
  ) {}

  @Get('runs')
  @Render('pages/runs/list')
  async list(@Query() query: RunsListQueryDto): Promise<RunsListView> {
    const page = await this.runs.listRuns({ limit: RUNS_PAGE_SIZE, offset: ((query.page ?? 1) - 1) * RUNS_PAGE_SIZE });
    return presentRunsList(page, emptyStartForm());
  }

  /** Starts a run and goes to its page (303); a refused start shows the form again with the reason. */
  @Post('runs')
  async start(@Body() form: StartRunFormDto, @Res() res: Response): Promise<void> {
    const outcome = await this.admin.start(form);
    if (outcome.ok) return res.redirect(303, `${ADMIN_ROUTES.run(outcome.runId)}?started=1`);
    const page = await this.runs.listRuns({ limit: RUNS_PAGE_SIZE });
    res.status(outcome.status).render('pages/runs/list', presentRunsList(page, outcome.form));
  }

  @Get('runs/:id')
  @Render('pages/runs/detail')
  async detail(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: RunDetailQueryDto): Promise<RunDetailView> {
    const q = query.q?.trim() ?? '';
    const detail = await this.runs.getRun(id, { failuresLimit: FAILURES_PAGE_SIZE });
    const failures =
      q || (query.page ?? 1) > 1
        ? await this.runs.getFailures(id, { q, limit: FAILURES_PAGE_SIZE, offset: ((query.page ?? 1) - 1) * FAILURES_PAGE_SIZE })
        : detail.failures;
    return presentRunDetail(detail, failures, q, { started: query.started === '1' });
  }

  /** Polled by public/js/run-progress.js while a run is going. */
  @Get('api/runs/:id/progress')
  async progress(@Param('id', new ParseUUIDPipe()) id: string): Promise<ReturnType<typeof presentProgress>> {
    return presentProgress(await this.runs.progress(id));
  }
}
