import { Test, type TestingModule } from '@nestjs/testing';
import { type AppConfig, buildAppConfig } from '../../../src/config/app-config.js';
import { loadConfig } from '../../../src/config/config.loader.js';
import { ConfigModule } from '../../../src/config/config.module.js';
import type { CliOutput } from '../../../src/common/cli-command.js';
import { SchemaBootstrapModule } from '../../../src/schema/schema.module.js';
import { DatabasePort } from '../../../src/teradata/database.port.js';

/** Validated configuration as the environment would give it: embedded engine, demo off unless asked, no QVCI schedule. */
export function schemaTestConfig(env: Record<string, string> = {}): AppConfig {
  return buildAppConfig(
    loadConfig({ env: { EMBEDDED_DATABASE_PATH: ':memory:', EMBEDDED_DEMO: 'false', REDIS_ADDR: '', LOG_LEVEL: 'silent', QVCI_CHECK_SCHEDULE: '', ...env } }),
  );
}

export interface SchemaContext {
  readonly module: TestingModule;
  get<T>(token: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/** The Schema module as the app and the CLI wire it, on a given port (the port outlives the context). */
export async function createSchemaContext(options: { port: DatabasePort; autoMigrate: boolean; env?: Record<string, string> }): Promise<SchemaContext> {
  const module = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(schemaTestConfig(options.env)), SchemaBootstrapModule.forRoot({ autoMigrate: options.autoMigrate })],
  })
    // the test owns the port (the database module closes only a port it opened)
    .overrideProvider(DatabasePort)
    .useValue(options.port)
    .compile();
  await module.init();
  return { module, get: (token) => module.get(token as never), close: () => module.close() };
}

/** CLI output captured as lines. */
export function captureOutput(): CliOutput & { lines: string[]; errors: string[]; text(): string } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    line: (text = '') => lines.push(...text.split('\n')),
    error: (text) => errors.push(text),
    progress: () => undefined,
    text: () => lines.join('\n'),
  };
}
