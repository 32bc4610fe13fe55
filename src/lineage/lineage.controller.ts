import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { GraphQueryDto, ImpactQueryDto, PathGraphQueryDto, PathLineageQueryDto } from './dto/lineage-query.dto.js';
import {
  CompactLineageGraphDto,
  DatasetDetailDto,
  DatasetPageDto,
  ErrorDto,
  ImpactDto,
  JobPageDto,
  LineageGraphDto,
  NamespacesDto,
  RunDto,
  RunPageDto,
} from './dto/lineage-responses.dto.js';
import { DatasetSearchDto, PageQueryDto } from './dto/paging.dto.js';
import { impactCsv, LineageService } from './lineage.service.js';

export const LINEAGE_ROUTE = 'api/v2/openlineage';

/** A lineage graph answer: LineageGraphDto (format=json, the default) or CompactLineageGraphDto (format=compact). */
const GRAPH_ANSWER = {
  description: 'The lineage graph: one object per node and per edge (format=json, the default), or the compact form (format=compact)',
  schema: { oneOf: [{ $ref: getSchemaPath(LineageGraphDto) }, { $ref: getSchemaPath(CompactLineageGraphDto) }] },
};

@ApiTags('lineage')
@ApiSecurity('api-key')
@ApiBearerAuth('bearer')
@ApiBadRequestResponse({ type: ErrorDto, description: 'Invalid parameter (the message names it and the allowed values)' })
@ApiUnauthorizedResponse({ type: ErrorDto, description: 'API key missing or wrong (when API_KEYS is set)' })
@ApiExtraModels(LineageGraphDto, CompactLineageGraphDto)
@Controller(LINEAGE_ROUTE)
export class LineageController {
  constructor(private readonly lineage: LineageService) {}

  /** Lineage graphs come back already serialised (LineageService.graphJson): sent as they are, the buffer reused once out. */
  private send(res: Response, body: Buffer): void {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', body.length);
    res.on('finish', () => this.lineage.releaseJson(body));
    res.end(body);
  }

  @Get('namespaces')
  @ApiOperation({ summary: 'Namespaces (one per Teradata system, plus those of ingested OpenLineage events)' })
  @ApiOkResponse({ type: NamespacesDto })
  async namespaces(): Promise<NamespacesDto> {
    return { namespaces: await this.lineage.namespaces() };
  }

  @Get('datasets')
  @ApiOperation({ summary: 'Datasets, paged and searchable by database, table or column name' })
  @ApiOkResponse({ type: DatasetPageDto })
  datasets(@Query() query: DatasetSearchDto) {
    return this.lineage.datasets(query);
  }

  @Get('datasets/:dataset')
  @ApiOperation({ summary: 'One dataset with its fields and its upstream/downstream dataset counts' })
  @ApiQuery({ name: 'namespace', required: false })
  @ApiOkResponse({ type: DatasetDetailDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  dataset(@Param('dataset') dataset: string, @Query() query: Pick<PathLineageQueryDto, 'namespace'> & PathLineageQueryDto) {
    return this.lineage.dataset(dataset, query.namespace);
  }

  @Get('datasets/:dataset/lineage')
  @ApiOperation({ summary: 'Table lineage of a dataset' })
  @ApiOkResponse(GRAPH_ANSWER)
  @ApiNotFoundResponse({ type: ErrorDto })
  async tableLineage(@Param('dataset') dataset: string, @Query() query: PathGraphQueryDto, @Res() res: Response): Promise<void> {
    const { format, fields, ...rest } = query;
    this.send(res, await this.lineage.graphJson({ ...rest, dataset }, { format, fields }));
  }

  @Get('datasets/:dataset/fields/:field/lineage')
  @ApiOperation({ summary: 'Column lineage of a field' })
  @ApiOkResponse(GRAPH_ANSWER)
  @ApiNotFoundResponse({ type: ErrorDto })
  async columnLineage(@Param('dataset') dataset: string, @Param('field') field: string, @Query() query: PathGraphQueryDto, @Res() res: Response): Promise<void> {
    const { format, fields, ...rest } = query;
    this.send(res, await this.lineage.graphJson({ ...rest, dataset, field }, { format, fields }));
  }

  @Get('datasets/:dataset/fields/:field/runs')
  @ApiOperation({ summary: 'Runs (DBQL statements or ingested events) that wrote lineage into a field' })
  @ApiQuery({ name: 'namespace', required: false })
  @ApiOkResponse({ type: [RunDto] })
  fieldRuns(@Param('dataset') dataset: string, @Param('field') field: string, @Query() query: PathLineageQueryDto) {
    return this.lineage.runsForField(dataset, field, query.namespace);
  }

  @Get('lineage')
  @ApiOperation({ summary: 'Lineage graph of a node (Marquez style): nodeId=datasetField:<ns>:<db.table>:<field> or dataset:<ns>:<db.table>' })
  @ApiOkResponse(GRAPH_ANSWER)
  @ApiNotFoundResponse({ type: ErrorDto })
  async graph(@Query() query: GraphQueryDto, @Res() res: Response): Promise<void> {
    const { format, fields, ...rest } = query;
    this.send(res, await this.lineage.graphJson(rest, { format, fields }));
  }

  @Get('impact')
  @ApiOperation({ summary: 'Impact analysis: everything downstream of a field or dataset, with totals per depth and per database (JSON or CSV)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ImpactDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async impact(@Query() query: ImpactQueryDto, @Res({ passthrough: true }) res: Response) {
    const { format, ...rest } = query;
    const result = await this.lineage.impact(rest);
    const wantsCsv = format === 'csv' || (format === undefined && res.req.accepts(['application/json', 'text/csv']) === 'text/csv');
    if (!wantsCsv) return result;
    res.type('text/csv').setHeader('Content-Disposition', 'attachment; filename=impact.csv');
    return impactCsv(result);
  }

  @Get('jobs')
  @ApiOperation({ summary: 'Jobs: the statements (by fingerprint) and event producers that wrote lineage' })
  @ApiOkResponse({ type: JobPageDto })
  jobs(@Query() query: PageQueryDto) {
    return this.lineage.jobs(query.limit, query.offset);
  }

  @Get('jobs/:jobId/runs')
  @ApiOperation({ summary: 'Runs of a job, newest first' })
  @ApiOkResponse({ type: RunPageDto })
  @Header('Cache-Control', 'no-store')
  runs(@Param('jobId') jobId: string, @Query() query: PageQueryDto) {
    return this.lineage.runs(jobId, query.limit, query.offset);
  }
}
