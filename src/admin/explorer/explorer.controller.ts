import { Controller, Get, Header, Inject, Query, Render, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { LineageConfig } from '../../config/app-config.js';
import type { LineageGraph } from '../../lineage/lineage.types.js';
import { AdminExplorerService } from './explorer.service.js';
import { AdminInvalidInputError } from '../admin.errors.js';
import { AdminLineageSource } from '../admin.sources.js';
import { AdminAuthGuard } from '../auth/admin-auth.guard.js';
import { AdminLoginRedirectFilter } from '../auth/admin-login-redirect.filter.js';
import { ExplorerDetailQueryDto, ExplorerExportQueryDto, ExplorerQueryDto } from './explorer.dto.js';
import type { ExplorerDetailView } from './explorer-detail.presenter.js';
import { ExplorerDetailService } from './explorer-detail.service.js';
import { type ExplorerView, explorerQuery } from './explorer.presenter.js';

/** The lineage explorer: search, the graph as a picture, node links, downloads. */
@ApiExcludeController()
@Controller('admin/lineage')
@UseGuards(AdminAuthGuard)
@UseFilters(AdminLoginRedirectFilter)
export class AdminExplorerController {
  constructor(
    @Inject(AdminExplorerService) private readonly explorer: AdminExplorerService,
    @Inject(AdminLineageSource) private readonly lineage: AdminLineageSource,
    @Inject(LineageConfig) private readonly bounds: LineageConfig,
    @Inject(ExplorerDetailService) private readonly details: ExplorerDetailService,
  ) {}

  @Get()
  @Render('pages/lineage/explorer')
  async page(@Query() dto: ExplorerQueryDto, @Res({ passthrough: true }) res: Response): Promise<ExplorerView> {
    const { status, view } = await this.explorer.load(dto);
    res.status(status);
    return view;
  }

  /** The graph as SVG for the page's <img> (an image document: its styles and links never touch the page). */
  @Get('graph.svg')
  @Header('Cache-Control', 'no-store')
  async graphSvg(@Query() dto: ExplorerQueryDto, @Res() res: Response): Promise<void> {
    const svg = await this.lineage.export(explorerQuery(dto, this.bounds, this.explorer.defaultNamespace()), 'svg');
    res.type('image/svg+xml').send(svg.body);
  }

  /** The graph as JSON for the interactive explorer (public/js/explorer.js), behind the admin session like the page. */
  @Get('graph.json')
  @Header('Cache-Control', 'no-store')
  graphJson(@Query() dto: ExplorerQueryDto): Promise<LineageGraph> {
    return this.lineage.graph(explorerQuery(dto, this.bounds, this.explorer.defaultNamespace()));
  }

  /** The detail panel of a dataset or field: fields, writing runs with their SQL, dictionary statistics and DDL. */
  @Get('detail.json')
  @Header('Cache-Control', 'no-store')
  detailJson(@Query() dto: ExplorerDetailQueryDto): Promise<ExplorerDetailView> {
    return this.details.detail(dto);
  }

  /** Any export format as a download, behind the admin session (the /api routes may need API keys). */
  @Get('export')
  async export(@Query() dto: ExplorerExportQueryDto, @Res() res: Response): Promise<void> {
    const query = explorerQuery(dto, this.bounds, this.explorer.defaultNamespace());
    if (!this.lineage.formats().includes(dto.format)) throw new AdminInvalidInputError(`format must be one of: ${this.lineage.formats().join(', ')}`);
    const out = await this.lineage.export(query, dto.format);
    const base = `${query.dataset}${query.field ? `.${query.field}` : ''}-lineage`.replace(/[^A-Za-z0-9._-]+/g, '_');
    res.setHeader('Content-Disposition', `attachment; filename="${base}.${out.extension}"`);
    res.type(out.contentType).send(out.body);
  }
}
