import { Injectable, Logger } from '@nestjs/common';
import { DatabaseConfig } from '../config/app-config.js';
import { DatabasePort } from '../teradata/database.port.js';
import { describeStatement, type Migration, type StatementKind } from './migration-files.js';
import { databaseErrorCode, explainSetupError, SchemaSetupError } from './schema.errors.js';

export interface PlannedStatement {
  readonly sql: string;
  readonly kind: StatementKind;
  readonly table: string | null;
  /** `skip`: the table this statement creates is already there (an earlier, interrupted setup). */
  readonly action: 'run' | 'skip';
}

export interface PlannedMigration {
  readonly migration: Migration;
  readonly statements: readonly PlannedStatement[];
  /** Some of its tables exist although the migration is not recorded. */
  readonly partial: boolean;
}

/**
 * Pure: the migrations still to apply, in order, and what to do with each
 * statement. A migration is pending when OL_SCHEMA_VERSION has no row with
 * its version; a CREATE TABLE whose table already exists is skipped (a
 * partially applied earlier attempt), everything else runs.
 */
export function planMigrations(migrations: readonly Migration[], appliedIds: ReadonlySet<number>, existing: ReadonlySet<string>): PlannedMigration[] {
  return migrations
    .filter((m) => !appliedIds.has(m.version))
    .map((migration) => {
      const statements = migration.statements.map((sql): PlannedStatement => {
        const { kind, table } = describeStatement(sql);
        const exists = kind === 'create-table' && table !== null && existing.has(table);
        return { sql, kind, table, action: exists ? 'skip' : 'run' };
      });
      return { migration, statements, partial: statements.some((s) => s.action === 'skip') };
    });
}

/** Pure: the DDL a plan runs, file by file, `;`-terminated; skipped statements appear only as comments. */
export function renderPlan(plan: readonly PlannedMigration[]): string {
  return plan
    .map(({ migration, statements }) => {
      const body = statements.map((s) => (s.action === 'run' ? `${s.sql};` : `-- skipped, ${s.table} already exists: ${s.sql.split('\n')[0]}`));
      return [`-- ${migration.file}: ${migration.description} (schema ${migration.schemaVersion})`, ...body].join('\n\n');
    })
    .join('\n\n');
}

const ALREADY_EXISTS = /already exists/i;
const INDEX_MISSING = /index[\s\S]*(does not exist|not found)/i;
const DUPLICATE_ROW = /duplicate key|duplicate unique|duplicate row|unique constraint|primary key constraint/i;

/** An error that only says the statement's effect is already there (tables, indexes and seed rows of an earlier attempt). */
function alreadyDone(kind: StatementKind, err: unknown): boolean {
  const code = databaseErrorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  switch (kind) {
    case 'create-table':
      return code === 3803 || ALREADY_EXISTS.test(message);
    case 'create-index':
      return code === 3534 || ALREADY_EXISTS.test(message);
    case 'drop-index':
      return code === 3526 || INDEX_MISSING.test(message);
    case 'add-column':
      // Teradata's ADD of a column the table has modifies it (no error); DuckDB says it already exists
      return ALREADY_EXISTS.test(message);
    case 'insert':
      return code === 2801 || code === 2802 || code === 2803 || DUPLICATE_ROW.test(message);
    case 'other':
      return false;
  }
}

/**
 * Applies planned migrations. On the embedded engine a clean migration runs
 * in one transaction; on Teradata (where DDL must end its transaction) and
 * after an interrupted attempt, statements run one by one and an error that
 * only says "already done" (3803 table exists, 3534 index exists, 3526 the
 * index to drop is gone, 2801 duplicate seed row, or the engine's "already
 * exists" / duplicate key) is tolerated. Anything else stops setup with one readable line.
 */
@Injectable()
export class MigrationRunner {
  private readonly logger = new Logger(MigrationRunner.name);

  constructor(
    private readonly database: DatabasePort,
    private readonly config: DatabaseConfig,
  ) {}

  async apply(plan: readonly PlannedMigration[]): Promise<string[]> {
    const applied: string[] = [];
    for (const planned of plan) {
      const { migration } = planned;
      const todo = planned.statements.filter((s) => s.action === 'run');
      let current = '';
      try {
        if (this.database.dialect === 'embedded' && !planned.partial) {
          await this.database.transaction(async (tx) => {
            for (const s of todo) {
              current = s.sql;
              await tx.execute(s.sql);
            }
          });
        } else {
          for (const s of todo) {
            current = s.sql;
            try {
              await this.database.execute(s.sql);
            } catch (err) {
              if (!alreadyDone(s.kind, err)) throw err;
              this.logger.warn(`${migration.file}: ${s.kind} on ${s.table} already done by an earlier attempt; continuing`);
            }
          }
        }
      } catch (err) {
        const code = databaseErrorCode(err);
        const advice = explainSetupError(code, this.config.database, this.config.user);
        const first = (err instanceof Error ? err.message : String(err)).split('\n')[0];
        const message = advice ?? `Migration ${migration.file} failed${code ? ` (error ${code})` : ''}: ${first} — statement: ${current.replace(/\s+/g, ' ').slice(0, 120)}`;
        throw new SchemaSetupError(message, code ?? undefined, { cause: err });
      }
      applied.push(`${migration.file} (schema ${migration.schemaVersion}): ${migration.description}`);
      this.logger.log(`Applied migration ${migration.file} (schema ${migration.schemaVersion})`);
    }
    // The embedded engine keeps DDL in its write-ahead log until a checkpoint, and DuckDB cannot replay an
    // ALTER TABLE … ADD COLUMN on a table with a DEFAULT CURRENT_TIMESTAMP column ("GetDefaultDatabase with no
    // default database set"): a process killed (kill -9, OOM) before the next checkpoint would leave a file
    // that no longer opens. Checkpointing right after the migrations puts them in the file itself.
    if (applied.length > 0 && this.database.dialect === 'embedded') await this.database.execute('CHECKPOINT');
    return applied;
  }
}
