import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../../common/app-error.js';
import { DatabaseConfig, LineageConfig } from '../../config/app-config.js';
import { namespaceId } from '../../model/ids.js';
import { AdminLineageSource } from '../admin.sources.js';
import type { ExplorerQueryDto } from './explorer.dto.js';
import { type ExplorerView, presentExplorer, readExplorerQuery } from './explorer.presenter.js';

export const EXPLORER_SEARCH_LIMIT = 25;

/**
 * The explorer page: a search, a graph, or both. A query the lineage module
 * refuses (unknown node, bad namespace) comes back as a message on the
 * form, with its status, not as an error page.
 */
@Injectable()
export class AdminExplorerService {
  constructor(
    @Inject(AdminLineageSource) private readonly lineage: AdminLineageSource,
    @Inject(LineageConfig) private readonly bounds: LineageConfig,
    @Inject(DatabaseConfig) private readonly database: DatabaseConfig,
  ) {}

  defaultNamespace(): string {
    return namespaceId(this.database.namespaceUri);
  }

  async load(dto: ExplorerQueryDto): Promise<{ status: number; view: ExplorerView }> {
    const { query, error } = readExplorerQuery(dto, this.bounds, this.defaultNamespace());
    const base = { dto, formats: this.lineage.formats(), bounds: this.bounds };
    const q = dto.q?.trim();
    try {
      const [hits, graph, namespaces] = await Promise.all([
        q && !query ? this.lineage.searchDatasets(q, EXPLORER_SEARCH_LIMIT) : Promise.resolve(null),
        query ? this.lineage.graph(query) : Promise.resolve(null),
        this.lineage.namespaceCount(),
      ]);
      return { status: error ? 400 : 200, view: presentExplorer({ ...base, query, hits, graph, error, showNamespaces: namespaces > 1 }) };
    } catch (err) {
      if (err instanceof AppError && (err.kind === 'not_found' || err.kind === 'invalid')) {
        return { status: err.kind === 'not_found' ? 404 : 400, view: presentExplorer({ ...base, query: null, hits: null, graph: null, error: err.message }) };
      }
      throw err;
    }
  }
}
