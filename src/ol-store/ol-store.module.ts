import { Module } from '@nestjs/common';
import { TeradataModule } from '../teradata/teradata.module.js';
import { OlStoreWriter } from './ol-store.writer.js';
import { UsageWriter } from './usage.writer.js';

/**
 * The OL_* store: the writer every producer of lineage shares (DBQL and
 * fixtures population, OpenLineage ingestion), and the column usage writer
 * of DBQL population, over the database port.
 */
@Module({
  imports: [TeradataModule],
  providers: [OlStoreWriter, UsageWriter],
  exports: [OlStoreWriter, UsageWriter],
})
export class OlStoreModule {}
