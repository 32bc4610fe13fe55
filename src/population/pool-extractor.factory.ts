import { Injectable } from '@nestjs/common';
import type { ExtractionMetadata, ExtractionOutcome, ExtractionRequest, LineageExtractor } from './lineage-extractor.js';
import { LineageExtractorFactory } from './lineage-extractor.js';

/**
 * Opens the extraction engine (population/extraction) for one run.
 * Interim: until the engine's worker pool lands, every statement comes back
 * with EXTRACTION_UNAVAILABLE, so runs record the reason instead of failing.
 */
@Injectable()
export class PoolExtractorFactory extends LineageExtractorFactory {
  async open(_options: { workers: number; deadlineMs: number; metadata: ExtractionMetadata }): Promise<LineageExtractor> {
    return {
      async extract(requests: readonly ExtractionRequest[]): Promise<ExtractionOutcome[]> {
        return requests.map(() => ({
          statementType: null,
          inTables: [],
          outTables: [],
          columnEdges: [],
          warnings: [],
          error: { code: 'EXTRACTION_UNAVAILABLE', message: 'The extraction engine is not available in this build' },
        }));
      },
      async close(): Promise<void> {},
    };
  }
}
