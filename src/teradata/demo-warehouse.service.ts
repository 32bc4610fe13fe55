import { Inject, Injectable } from '@nestjs/common';
import { DatabasePort } from './database.port.js';
import { type DemoLoadResult, isDemoLoaded, loadDemoWarehouse } from './embedded/demo/demo-warehouse.loader.js';

/**
 * The demo warehouse (a Teradata-shaped DBC dictionary and DBQL history) on
 * the embedded engine, for the schema bootstrap's first start. What it holds
 * and what it is based on: docs/decisions/0003-demo-warehouse.md.
 */
@Injectable()
export class DemoWarehouseService {
  constructor(@Inject(DatabasePort) private readonly database: DatabasePort) {}

  isLoaded(): Promise<boolean> {
    return isDemoLoaded(this.database);
  }

  load(): Promise<DemoLoadResult> {
    return loadDemoWarehouse(this.database);
  }
}
