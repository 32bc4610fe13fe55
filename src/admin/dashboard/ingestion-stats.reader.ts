import { Inject, Injectable } from '@nestjs/common';
import { HttpConfig } from '../../config/app-config.js';
import { LineageMetrics } from '../../metrics/lineage.metrics.js';
import { DatabasePort } from '../../teradata/database.port.js';
import { MarquezStatements } from '../../teradata/marquez.statements.js';

/** The route OpenLineage producers POST to (the lineage module's ingestion controller), as the HTTP metrics label it. */
const INGESTION_ROUTE = '/api/v1/lineage';

/** OpenLineage ingestion as the dashboard shows it beside the population runs. */
export interface IngestionStats {
  /** RunEvents kept in OL_EVENT (each distinct event once: a re-post is not counted twice). */
  readonly stored: number;
  readonly last: { readonly eventTime: Date; readonly eventType: string | null; readonly producer: string | null; readonly job: string | null } | null;
  /** POSTs to the ingestion route since this process started, by outcome; null when METRICS_ENABLED is off (nothing counts them). */
  readonly sinceStart: { readonly accepted: number; readonly refused: number; readonly failed: number } | null;
}

/**
 * Reads the ingestion figures: OL_EVENT through the statements the event
 * replay route already has (both dialects), and the HTTP request counter of
 * /metrics for what was received and refused since start.
 */
@Injectable()
export class IngestionStatsReader {
  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(MarquezStatements) private readonly sql: MarquezStatements,
    @Inject(LineageMetrics) private readonly metrics: LineageMetrics,
    @Inject(HttpConfig) private readonly http: HttpConfig,
  ) {}

  async read(): Promise<IngestionStats> {
    const window = [null, null, null, null];
    const [[count], [last]] = await Promise.all([
      this.database.query<{ n: number | bigint }>(this.sql.eventsCount, window),
      this.database.query<{ event_time: Date; event_type: string | null; producer: string | null; job_name: string | null }>(this.sql.eventsPage.desc, [...window, 1, 0]),
    ]);
    return {
      stored: Number(count?.n ?? 0),
      last: last ? { eventTime: last.event_time, eventType: last.event_type?.trim() || null, producer: last.producer, job: last.job_name } : null,
      sinceStart: this.http.metricsEnabled ? await this.requests() : null,
    };
  }

  private async requests(): Promise<{ accepted: number; refused: number; failed: number }> {
    const out = { accepted: 0, refused: 0, failed: 0 };
    for (const v of (await this.metrics.httpRequests.get()).values) {
      if (v.labels.method !== 'POST' || v.labels.route !== INGESTION_ROUTE) continue;
      const status = Number(v.labels.status);
      if (status < 400) out.accepted += v.value;
      else if (status < 500) out.refused += v.value;
      else out.failed += v.value;
    }
    return out;
  }
}
