import { Injectable } from '@nestjs/common';
import { DatabaseConfig } from '../config/app-config.js';
import { DatabasePort } from '../teradata/database.port.js';
import { type Migration, readMigrations, tablesCreatedBy } from './migration-files.js';
import { MigrationRunner, planMigrations, renderPlan } from './migration.runner.js';
import { SchemaVersionRepository } from './schema-version.repository.js';

export interface AppliedMigration {
  readonly version: string;
  readonly description: string;
  readonly appliedAt: Date | null;
}

export interface PendingMigration {
  readonly version: string;
  readonly description: string;
  readonly file: string;
}

export interface SchemaStatus {
  readonly engine: 'teradata' | 'embedded';
  /** TERADATA_DATABASE on Teradata, the database file on the embedded engine. */
  readonly database: string;
  /** Every table the migrations create, upper-case, in creation order. */
  readonly tables: { name: string; present: boolean }[];
  /** Latest applied schema_version, or null when none. */
  readonly version: string | null;
  readonly appliedMigrations: AppliedMigration[];
  readonly pendingMigrations: PendingMigration[];
}

export interface SetupResult {
  /** One line per migration applied. */
  readonly applied: string[];
  /** The DDL of the pending migrations, `;`-terminated: what a dry run prints and what setup runs. */
  readonly ddl: string;
  readonly alreadyUpToDate: boolean;
}

/**
 * Schema status and setup: knows the dialect's migration files, which of
 * them OL_SCHEMA_VERSION records, and applies the pending ones in order.
 */
@Injectable()
export class SchemaService {
  private readonly migrations: Migration[];
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    database: DatabasePort,
    private readonly config: DatabaseConfig,
    private readonly versions: SchemaVersionRepository,
    private readonly runner: MigrationRunner,
  ) {
    this.migrations = readMigrations(database.dialect);
  }

  /** Table names the migrations create (upper-case). */
  expectedTables(): string[] {
    return tablesCreatedBy(this.migrations);
  }

  async status(): Promise<SchemaStatus> {
    const existing = await this.versions.existingTables();
    const applied = await this.versions.appliedVersions(existing);
    const appliedIds = new Set(applied.map((a) => a.id));
    return {
      engine: this.config.engine,
      database: this.config.engine === 'teradata' ? this.config.database : this.config.embeddedPath,
      tables: this.expectedTables().map((name) => ({ name, present: existing.has(name) })),
      version: applied.length > 0 ? applied[applied.length - 1].version : null,
      appliedMigrations: applied.map(({ version, description, appliedAt }) => ({ version, description, appliedAt })),
      pendingMigrations: this.migrations
        .filter((m) => !appliedIds.has(m.version))
        .map((m) => ({ version: m.schemaVersion, description: m.description, file: m.file })),
    };
  }

  /**
   * Applies the pending migrations (or, with dryRun, only returns their DDL).
   * Idempotent: with nothing pending it changes nothing and says so. Calls in
   * this process run one after the other.
   */
  setup(options: { dryRun: boolean }): Promise<SetupResult> {
    const next = this.running.then(() => this.setupNow(options));
    this.running = next.catch(() => undefined);
    return next;
  }

  private async setupNow(options: { dryRun: boolean }): Promise<SetupResult> {
    const existing = await this.versions.existingTables();
    const applied = await this.versions.appliedVersions(existing);
    const plan = planMigrations(this.migrations, new Set(applied.map((a) => a.id)), existing);
    const ddl = renderPlan(plan);
    if (plan.length === 0) return { applied: [], ddl, alreadyUpToDate: true };
    if (options.dryRun) return { applied: [], ddl, alreadyUpToDate: false };
    return { applied: await this.runner.apply(plan), ddl, alreadyUpToDate: false };
  }
}
