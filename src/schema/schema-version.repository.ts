import { Inject, Injectable } from '@nestjs/common';
import { DatabaseConfig } from '../config/app-config.js';
import { DatabasePort } from '../teradata/database.port.js';
import { SchemaStatements } from '../teradata/schema.statements.js';

export interface AppliedVersion {
  /** OL_SCHEMA_VERSION.version_id (the migration number). */
  readonly id: number;
  readonly specVersion: string;
  /** OL_SCHEMA_VERSION.schema_version, e.g. 1.1.0. */
  readonly version: string;
  readonly description: string;
  readonly appliedAt: Date | null;
}

/** Reads which OL_* tables exist and which migrations OL_SCHEMA_VERSION records. */
@Injectable()
export class SchemaVersionRepository {

  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(SchemaStatements) private readonly sql: SchemaStatements,
    private readonly config: DatabaseConfig,
  ) {}

  /** Upper-case names of the OL_* tables that exist. */
  async existingTables(): Promise<Set<string>> {
    const rows = await this.database.query<{ table_name: string }>(this.sql.existingTables, this.sql.existingTablesParams(this.config.database));
    return new Set(rows.map((r) => String(r.table_name).trim().toUpperCase()));
  }

  /** Recorded migrations in order; none when OL_SCHEMA_VERSION does not exist (pass the existing tables when known). */
  async appliedVersions(existing?: ReadonlySet<string>): Promise<AppliedVersion[]> {
    const tables = existing ?? (await this.existingTables());
    if (!tables.has('OL_SCHEMA_VERSION')) return [];
    const rows = await this.database.query<{
      version_id: number;
      openlineage_spec_version: string | null;
      schema_version: string;
      applied_at: Date | null;
      description: string | null;
    }>(this.sql.appliedVersions);
    return rows.map((r) => ({
      id: Number(r.version_id),
      specVersion: String(r.openlineage_spec_version ?? '').trim(),
      version: String(r.schema_version).trim(),
      description: (r.description ?? '').trim(),
      appliedAt: r.applied_at ?? null,
    }));
  }
}
