import { Module } from '@nestjs/common';
import { LineageModule } from '../lineage/lineage.module.js';
import { TeradataModule } from '../teradata/teradata.module.js';
import { MarquezLineageController } from './marquez-lineage.controller.js';
import { MarquezLineageService } from './marquez-lineage.service.js';
import { MarquezMetadataController } from './marquez-metadata.controller.js';
import { MarquezMetadataService } from './marquez-metadata.service.js';
import { MarquezRepository } from './marquez.repository.js';
import { MarquezSearchController } from './marquez-search.controller.js';
import { MarquezSearchService } from './marquez-search.service.js';

/**
 * The Marquez-compatible read API under /api/v1 (Marquez's paths, parameters
 * and shapes, so Marquez's web UI and clients work against this service):
 * graphs from the lineage index through LineageService, metadata through
 * its own repository. Ingestion (POST /api/v1/lineage) stays in LineageModule.
 */
@Module({
  imports: [TeradataModule, LineageModule],
  controllers: [MarquezMetadataController, MarquezLineageController, MarquezSearchController],
  providers: [MarquezRepository, MarquezMetadataService, MarquezLineageService, MarquezSearchService],
})
export class MarquezModule {}
