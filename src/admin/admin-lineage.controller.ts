import { Controller, Get, Header, Inject, Query, Render, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DatabaseConfig, LineageConfig } from '../config/app-config.js';
import { namespaceId } from '../common/ol-ids.js';
import { AdminInvalidInputError, AdminSourceUnavailableError } from './admin.errors.js';
import { AdminLineageSource } from './admin.sources.js';
import { AdminAuthGuard } from './auth/admin-auth.guard.js';
import { AdminLoginRedirectFilter } from './auth/admin-login-redirect.filter.js';
import { ExplorerExportQueryDto, ExplorerQueryDto } from './lineage-explorer.dto.js';
import { type ExplorerView, explorerQuery, presentExplorer, readExplorerQuery } from './lineage-explorer.presenter.js';

export const EXPLORER_SEARCH_LIMIT = 25;

/** The lineage explorer: search, the graph as a picture, node links, downloads. */
@ApiExcludeController()
@Controller('admin/lineage')
@UseGuards(AdminAuthGuard)
@UseFilters(AdminLoginRedirectFilter)
export class AdminLineageController {
  constructor(
    @Inject(AdminLineageSource) private readonly lineage: AdminLineageSource,
    @Inject(LineageConfig) private readonly bounds: LineageConfig,
    @Inject(DatabaseConfig) private readonly database: DatabaseConfig,
  ) {}

  @Get()
  @Render('pages/lineage/explorer')
  async explorer(@Query() dto: ExplorerQueryDto, @Res({ passthrough: true }) res: Response): Promise<ExplorerView> {
    const { query, error } = readExplorerQuery(dto, this.bounds, this.defaultNamespace());
    if (error) {
      res.status(400);
      return presentExplorer({ dto, query: null, hits: null, graph: null, formats: [], bounds: this.bounds, error });
    }
    const q = dto.q?.trim();
    try {
      const [hits, graph] = await Promise.all([
        q && !query ? this.lineage.searchDatasets(q, EXPLORER_SEARCH_LIMIT) : Promise.resolve(null),
        query ? this.lineage.graph(query) : Promise.resolve(null),
      ]);
      return presentExplorer({ dto, query, hits, graph, formats: this.lineage.formats(), bounds: this.bounds });
    } catch (err) {
      if (!(err instanceof AdminSourceUnavailableError)) throw err;
      return presentExplorer({ dto, query, hits: null, graph: null, formats: [], bounds: this.bounds, unavailable: err.message });
    }
  }

  /** The graph as SVG for the page's <img> (an image document: its styles and links never touch the page). */
  @Get('graph.svg')
  @Header('Cache-Control', 'no-store')
  async graphSvg(@Query() dto: ExplorerQueryDto, @Res() res: Response): Promise<void> {
    const query = explorerQuery(dto, this.bounds, this.defaultNamespace());
    const svg = await this.lineage.export(query, 'svg');
    res.type('image/svg+xml').send(svg.body);
  }

  /** Any export format, behind the admin session (the /api routes may need API keys). */
  @Get('export')
  async export(@Query() dto: ExplorerExportQueryDto, @Res() res: Response): Promise<void> {
    const query = explorerQuery(dto, this.bounds, this.defaultNamespace());
    if (!this.lineage.formats().includes(dto.format)) throw new AdminInvalidInputError(`format must be one of: ${this.lineage.formats().join(', ')}`);
    const out = await this.lineage.export(query, dto.format);
    const base = `${query.dataset}${query.field ? `.${query.field}` : ''}-lineage`.replace(/[^A-Za-z0-9._-]+/g, '_');
    res.setHeader('Content-Disposition', `attachment; filename="${base}.${out.extension}"`);
    res.type(out.contentType).send(out.body);
  }

  private defaultNamespace(): string {
    return namespaceId(this.database.namespaceUri);
  }
}
