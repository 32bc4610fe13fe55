import { Inject, Injectable } from '@nestjs/common';
import { DatabasePort } from '../teradata/database.port.js';
import type { AdminStatements } from '../teradata/sql/admin.statements.js';
import { EMBEDDED_ADMIN } from '../teradata/sql/embedded/admin.sql.js';
import { forDialect } from '../teradata/sql/for-dialect.js';
import { TERADATA_ADMIN } from '../teradata/sql/teradata/admin.sql.js';

export interface LineageCounts {
  readonly namespaces: number;
  readonly datasets: number;
  readonly fields: number;
  readonly edges: number;
}

/** Read-only counts of the OL_* store for the dashboard. */
@Injectable()
export class AdminStatusRepository {
  private readonly sql: AdminStatements;

  constructor(@Inject(DatabasePort) private readonly database: DatabasePort) {
    this.sql = forDialect(database, { teradata: TERADATA_ADMIN, embedded: EMBEDDED_ADMIN });
  }

  async counts(): Promise<LineageCounts> {
    const [namespaces, datasets, fields, edges] = await Promise.all([
      this.count(this.sql.countNamespaces),
      this.count(this.sql.countDatasets),
      this.count(this.sql.countFields),
      this.count(this.sql.countEdges),
    ]);
    return { namespaces, datasets, fields, edges };
  }

  private async count(sql: string): Promise<number> {
    const [row] = await this.database.query<{ n: number | bigint }>(sql);
    return Number(row?.n ?? 0);
  }
}
