import { Inject, Injectable } from '@nestjs/common';
import { ExportService } from '../lineage/export.service.js';
import { EXPORT_FORMATS, type ExportFormat } from '../lineage/export-format.js';
import type { ChangesPage, LineageGraph } from '../lineage/lineage.types.js';
import { LineageCacheService } from '../lineage/lineage-cache.service.js';
import { LineageService } from '../lineage/lineage.service.js';
import {
  AdminCacheSource,
  AdminLineageSource,
  type CacheStateView,
  type DatasetDetailView,
  type DatasetHit,
  type ExplorerQuery,
  type ExportedGraph,
  type LineageCounts,
  type WritingRunView,
} from './admin.sources.js';

/** Hits whose fields are listed under them (each costs one read). */
const HITS_WITH_FIELDS = 10;

/** Search, graph and exports for the explorer, from the Lineage module. */
@Injectable()
export class LineageModuleSource extends AdminLineageSource {
  constructor(
    @Inject(LineageService) private readonly lineage: LineageService,
    @Inject(ExportService) private readonly exports: ExportService,
  ) {
    super();
  }

  /**
   * Datasets whose name contains `q`. A `database.table.column` search also
   * finds the dataset and keeps only the fields that match the column part.
   */
  async searchDatasets(q: string, limit: number): Promise<readonly DatasetHit[]> {
    const column = /^([^.\s]+\.[^.\s]+)\.([^.\s]+)$/.exec(q.trim());
    const page = await this.lineage.datasets({ q: column ? column[1] : q, limit });
    return Promise.all(
      page.items.map(async (d, i): Promise<DatasetHit> => {
        if (i >= HITS_WITH_FIELDS) return { namespace: d.namespace, name: d.name, fields: [] };
        const detail = await this.lineage.dataset(d.name, d.namespace);
        const names = detail.fields.map((f) => f.name);
        return { namespace: d.namespace, name: d.name, fields: column ? names.filter((n) => n.includes(column[2].toLowerCase())) : names };
      }),
    );
  }

  async dataset(name: string, namespace: string): Promise<DatasetDetailView> {
    const d = await this.lineage.dataset(name, namespace);
    return { namespace: d.namespace, name: d.name, sourceType: d.sourceType, description: d.description, fields: d.fields };
  }

  async namespaceCount(): Promise<number> {
    return (await this.lineage.namespaces()).length;
  }

  runsForField(dataset: string, field: string, namespace: string): Promise<readonly WritingRunView[]> {
    return this.lineage.runsForField(dataset, field, namespace);
  }

  graph(query: ExplorerQuery): Promise<LineageGraph> {
    const asked = { namespace: query.namespace, dataset: query.dataset, field: query.field, direction: query.direction, maxDepth: query.maxDepth, ...(query.asOf ? { asOf: query.asOf } : {}) };
    return query.compare ? this.lineage.compareGraph(asked, query.compare) : this.lineage.graphFor(asked);
  }

  formats(): readonly string[] {
    return EXPORT_FORMATS;
  }

  async export(query: ExplorerQuery, format: string): Promise<ExportedGraph> {
    const out = await this.exports.export(await this.graph(query), format as ExportFormat);
    return { contentType: out.contentType, extension: out.filename.slice(out.filename.lastIndexOf('.') + 1), body: out.body };
  }

  counts(): Promise<LineageCounts> {
    return this.lineage.counts();
  }

  changes(since: Date, until: Date, limit: number): Promise<ChangesPage> {
    return this.lineage.changes({ since: since.toISOString(), until: until.toISOString(), limit });
  }
}

/** The response cache's own report (Redis up/down, or in-process). */
@Injectable()
export class LineageCacheSource extends AdminCacheSource {
  constructor(@Inject(LineageCacheService) private readonly cache: LineageCacheService) {
    super();
  }

  async state(): Promise<CacheStateView> {
    const s = await this.cache.state();
    return { kind: s.kind === 'redis' ? 'redis' : 'in-process', state: s.state, detail: s.detail };
  }
}
