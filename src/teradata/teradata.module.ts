import { Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseConfig } from '../config/app-config.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { DatabasePoolMetrics } from './database.metrics.js';
import { DatabasePort } from './database.port.js';
import { DemoWarehouseService } from './demo-warehouse.service.js';
import { EmbeddedAdapter } from './embedded/embedded.adapter.js';
import { STATEMENT_CATALOG_TOKENS, STATEMENT_CATALOGS } from './sql/statement-catalogs.js';
import { TeradataAdapter } from './teradata/teradata.adapter.js';

/** Ports this module opened (and so closes); a port a test or benchmark supplies is the caller's to close. */
const opened = new WeakSet<DatabasePort>();

/**
 * The database: the port, whose adapter is chosen here from validated
 * configuration when the application starts (never at import time), and the
 * statement catalog of that engine's dialect for each repository
 * (`LineageStatements`, `PopulationStatements`, …, each its own token).
 */
@Module({
  imports: [TerminusModule, MetricsModule],
  providers: [
    DatabaseHealthIndicator,
    DatabasePoolMetrics,
    DemoWarehouseService,
    ...STATEMENT_CATALOGS,
    {
      provide: DatabasePort,
      inject: [DatabaseConfig, LineageMetrics],
      useFactory: async (config: DatabaseConfig, metrics: LineageMetrics): Promise<DatabasePort> => {
        const logger = new Logger('TeradataModule');
        let port: DatabasePort;
        if (config.host) {
          logger.log(`Database: Teradata at ${config.host}:${config.port}, database ${config.database}`);
          port = await TeradataAdapter.connect(config, { onError: (code) => metrics.databaseErrors.inc({ code: String(code ?? 'none') }) });
        } else {
          logger.log(`Database: embedded engine (DuckDB) at ${config.embeddedPath}`);
          port = await EmbeddedAdapter.open(config.embeddedPath, undefined, config.embeddedMemoryLimitMb, {
            ceilingMb: config.embeddedCheckpointMb,
            onError: (err) => logger.warn(`Checkpoint of the embedded engine failed (the engine checkpoints again at EMBEDDED_CHECKPOINT_MB): ${err.message}`),
          });
        }
        opened.add(port);
        return port;
      },
    },
  ],
  exports: [DatabasePort, DatabaseHealthIndicator, DemoWarehouseService, ...STATEMENT_CATALOG_TOKENS],
})
export class TeradataModule implements OnApplicationShutdown {
  constructor(@Inject(DatabasePort) private readonly database: DatabasePort) {}

  async onApplicationShutdown(): Promise<void> {
    if (opened.has(this.database)) await this.database.close();
  }
}
