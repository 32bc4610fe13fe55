import { Global, Logger, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { DatabaseConfig } from '../config/app-config.js';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health.js';
import { DatabasePort } from './database.port.js';
import { EmbeddedAdapter } from './embedded/embedded.adapter.js';
import { OlStoreWriter } from './ol-store/ol-store.writer.js';
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
    OlStoreWriter,
    {
      provide: DatabasePort,
      inject: [DatabaseConfig],
      useFactory: async (config: DatabaseConfig): Promise<DatabasePort> => {
        const logger = new Logger('TeradataModule');
        if (config.host) {
          logger.log(`Database: Teradata at ${config.host}:${config.port}, database ${config.database}`);
          return TeradataAdapter.connect(config);
        }
        logger.log(`Database: embedded engine (DuckDB) at ${config.embeddedPath}`);
        return EmbeddedAdapter.open(config.embeddedPath);
      },
    },
  ],
  exports: [DatabasePort, DatabaseHealthIndicator, OlStoreWriter],
})
export class TeradataModule implements OnApplicationShutdown {
  constructor(@Inject(DatabasePort) private readonly database: DatabasePort) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
