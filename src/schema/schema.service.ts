import { Injectable, Logger } from '@nestjs/common';
import { DatabaseConfig } from '../config/app-config.js';
import { DatabasePort } from '../teradata/database.port.js';
import { forDialect } from '../teradata/sql/for-dialect.js';
import { EMBEDDED_SCHEMA } from '../teradata/sql/embedded/schema.sql.js';
import type { SchemaStatements } from '../teradata/sql/schema.statements.js';
import { TERADATA_SCHEMA } from '../teradata/sql/teradata/schema.sql.js';
import { type Migration, readMigrations, statementTarget } from './migration-files.js';
import { SchemaSetupError } from './schema.errors.js';

export interface AppliedMigration {
  readonly version: string;
  readonly description: string;
  readonly appliedAt: Date | null;
}

export interface PendingMigration {
  readonly version: string;
  readonly description: string;
}

export interface SchemaStatus {
  readonly engine: 'teradata' | 'embedded';
  readonly database: string;
  readonly tables: { name: string; present: boolean }[];
  /** Latest applied schema_version, or null when none. */
  readonly version: string | null;
  readonly appliedMigrations: AppliedMigration[];
  readonly pendingMigrations: PendingMigration[];
}

export interface SetupResult {
  readonly applied: string[];
  /** The exact DDL of the pending migrations (what a dry run prints). */
  readonly ddl: string;
  readonly alreadyUpToDate: boolean;
}

/** Every table the migrations create, in file order. */
function tablesOf(migrations: readonly Migration[]): string[] {
  const names: string[] = [];
  for (const m of migrations) for (const s of m.statements) if (/^CREATE\s/i.test(s) && /\bTABLE\b/i.test(s.slice(0, 40))) names.push(statementTarget(s) as string);
  return names;
}

/** Readable line for the Teradata errors setup can meet. */
function explain(dbCode: number | undefined, database: string, user: string): string | undefined {
  switch (dbCode) {
    case 3524:
    case 3523:
      return `Teradata error ${dbCode}: user ${user} may not create tables in ${database}. Ask a DBA: GRANT CREATE TABLE, SELECT, INSERT, UPDATE, DELETE ON ${database} TO ${user};`;
    case 3802:
      return `Teradata error 3802: database ${database} does not exist. Create it (CREATE DATABASE ${database} AS PERM = …) or set TERADATA_DATABASE to an existing one.`;
    case 2644:
      return `Teradata error 2644: no more room in database ${database}. Ask a DBA for more PERM space.`;
    default:
      return undefined;
  }
}

/**
 * Schema status and setup: reads the dialect's migration files, knows which
 * are applied (OL_SCHEMA_VERSION) and applies the pending ones in order.
 */
@Injectable()
export class SchemaService {
  private readonly logger = new Logger(SchemaService.name);
  private readonly sql: SchemaStatements;
  private readonly migrations: Migration[];

  constructor(
    private readonly database: DatabasePort,
    private readonly config: DatabaseConfig,
  ) {
    this.sql = forDialect(database, { teradata: TERADATA_SCHEMA, embedded: EMBEDDED_SCHEMA });
    this.migrations = readMigrations(database.dialect);
  }

  /** Table names the migrations create (upper-case). */
  expectedTables(): string[] {
    return tablesOf(this.migrations);
  }

  private async existingTables(): Promise<Set<string>> {
    const rows = await this.database.query<{ table_name: string }>(this.sql.existingTables, this.sql.tableExistsParams(this.config.database));
    return new Set(rows.map((r) => String(r.table_name).trim().toUpperCase()));
  }

  private async appliedVersions(existing: Set<string>): Promise<(AppliedMigration & { id: number })[]> {
    if (!existing.has('OL_SCHEMA_VERSION')) return [];
    const rows = await this.database.query<{ version_id: number; schema_version: string; applied_at: Date | null; description: string | null }>(
      this.sql.appliedVersions,
    );
    return rows.map((r) => ({ id: Number(r.version_id), version: String(r.schema_version).trim(), description: r.description ?? '', appliedAt: r.applied_at ?? null }));
  }

  async status(): Promise<SchemaStatus> {
    const existing = await this.existingTables();
    const applied = await this.appliedVersions(existing);
    const appliedIds = new Set(applied.map((a) => a.id));
    return {
      engine: this.config.engine,
      database: this.config.engine === 'teradata' ? this.config.database : this.config.embeddedPath,
      tables: this.expectedTables().map((name) => ({ name, present: existing.has(name) })),
      version: applied.length > 0 ? applied[applied.length - 1].version : null,
      appliedMigrations: applied.map(({ version, description, appliedAt }) => ({ version, description, appliedAt })),
      pendingMigrations: this.migrations.filter((m) => !appliedIds.has(m.version)).map((m) => ({ version: m.schemaVersion, description: m.description })),
    };
  }

  /** Pending migrations in order, with their statements. */
  private async pending(): Promise<{ pending: Migration[]; existing: Set<string> }> {
    const existing = await this.existingTables();
    const applied = await this.appliedVersions(existing);
    const ids = new Set(applied.map((a) => a.id));
    return { pending: this.migrations.filter((m) => !ids.has(m.version)), existing };
  }

  /**
   * Applies pending migrations in order and records each (the migration's own
   * INSERT INTO OL_SCHEMA_VERSION). A partial earlier attempt is tolerated:
   * statements on tables that already existed before the migration began are
   * skipped, and the version row is written. A dry run returns the DDL only.
   */
  async setup(options: { dryRun: boolean }): Promise<SetupResult> {
    const { pending, existing } = await this.pending();
    const ddl = pending.map((m) => `-- ${m.file}: ${m.description} (schema ${m.schemaVersion})\n${m.statements.map((s) => `${s};`).join('\n\n')}`).join('\n\n');
    if (pending.length === 0 || options.dryRun) return { applied: [], ddl, alreadyUpToDate: pending.length === 0 };
    const applied: string[] = [];
    for (const migration of pending) {
      const before = new Set(existing);
      const todo = migration.statements.filter((s) => {
        const target = statementTarget(s);
        if (target === null) return true;
        // The version row is what marks the migration applied: always write it.
        if (target === 'OL_SCHEMA_VERSION' && /^INSERT/i.test(s)) return true;
        return !before.has(target);
      });
      try {
        if (this.database.dialect === 'embedded') {
          await this.database.transaction(async (tx) => {
            for (const statement of todo) await tx.execute(statement);
          });
        } else {
          // Teradata: DDL must end its transaction, so each statement runs on its own.
          for (const statement of todo) await this.database.execute(statement);
        }
      } catch (err) {
        const dbCode = (err as { dbCode?: number }).dbCode;
        const message = explain(dbCode, this.config.database, this.config.user) ?? `Migration ${migration.file} failed: ${(err as Error).message}`;
        throw new SchemaSetupError(message, dbCode, { cause: err });
      }
      for (const table of tablesOf([migration])) existing.add(table);
      applied.push(`${migration.schemaVersion} ${migration.description}`);
      this.logger.log(`Applied migration ${migration.file} (schema ${migration.schemaVersion})`);
    }
    return { applied, ddl, alreadyUpToDate: false };
  }
}
