import { Module } from '@nestjs/common';
import { TeradataModule } from '../teradata/teradata.module.js';
import { OlStoreWriter } from './ol-store.writer.js';

/**
 * The OL_* store: the writer every producer of lineage shares (DBQL and
 * fixtures population, OpenLineage ingestion), over the database port.
 */
@Module({
  imports: [TeradataModule],
  providers: [OlStoreWriter],
  exports: [OlStoreWriter],
})
export class OlStoreModule {}
