import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../../common/app-error.js';
import { inFormWords } from './runs.presenter.js';
import { PopulationService } from '../../population/population.service.js';
import type { StartRunFormDto } from './runs.dto.js';
import type { StartFormView } from './runs.presenter.js';

export type StartOutcome = { readonly ok: true; readonly runId: string } | { readonly ok: false; readonly status: number; readonly form: StartFormView };

function parseUtc(value: string | undefined): Date | undefined {
  return value ? new Date(`${value.length === 16 ? `${value}:00` : value}Z`) : undefined;
}

/**
 * The admin "start a run" form: the same PopulationService.start the CLI and
 * the schedule use. A refusal (a run already going, an invalid window)
 * comes back as form messages, not as an error page.
 */
@Injectable()
export class AdminRunsService {
  constructor(@Inject(PopulationService) private readonly population: PopulationService) {}

  async start(form: StartRunFormDto): Promise<StartOutcome> {
    const view: StartFormView = { method: form.method, since: form.since ?? '', until: form.until ?? '', dryRun: form.dryRun !== undefined, errors: [] };
    try {
      const runId = await this.population.start({
        method: form.method,
        trigger: 'admin',
        since: form.method === 'dbql' ? parseUtc(form.since) : undefined,
        until: form.method === 'dbql' ? parseUtc(form.until) : undefined,
        dryRun: view.dryRun,
      });
      return { ok: true, runId };
    } catch (err) {
      if (err instanceof AppError && (err.kind === 'conflict' || err.kind === 'invalid')) {
        return { ok: false, status: err.kind === 'conflict' ? 409 : 400, form: { ...view, errors: [inFormWords(err.message)] } };
      }
      throw err;
    }
  }
}
