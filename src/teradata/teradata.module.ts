import { Global, Logger, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { DatabaseConfig } from '../config/app-config.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health.js';
import { DatabasePort } from './database.port.js';
import { EmbeddedAdapter } from './embedded/embedded.adapter.js';
import { TeradataAdapter } from './teradata/teradata.adapter.js';

/**
 * The database port. The adapter is chosen here, from validated
 * configuration, when the application starts — never at import time.
 */
@Global()
@Module({
  imports: [TerminusModule],
  providers: [
    DatabaseHealthIndicator,
    {
      provide: DatabasePort,
      inject: [DatabaseConfig, { token: LineageMetrics, optional: true }],
      useFactory: async (config: DatabaseConfig, metrics?: LineageMetrics): Promise<DatabasePort> => {
        const logger = new Logger('TeradataModule');
        if (config.host) {
          logger.log(`Database: Teradata at ${config.host}:${config.port}, database ${config.database}`);
          return TeradataAdapter.connect(config, { onError: (code) => metrics?.databaseErrors.inc({ code: String(code ?? 'none') }) });
        }
        logger.log(`Database: embedded engine (DuckDB) at ${config.embeddedPath}`);
        return EmbeddedAdapter.open(config.embeddedPath);
      },
    },
  ],
  exports: [DatabasePort, DatabaseHealthIndicator],
})
export class TeradataModule implements OnApplicationShutdown {
  constructor(@Inject(DatabasePort) private readonly database: DatabasePort) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
