import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { NodeField } from './graph-format.js';
import type { LineageGraph } from './lineage.types.js';
import { NoQueryDto } from '../common/no-query.dto.js';
import { ColumnGraphQueryDto, GraphQueryDto, ImpactQueryDto, NamespaceQueryDto, PathGraphQueryDto } from './dto/lineage-query.dto.js';
import {
  ChangesPageDto,
  CompactLineageGraphDto,
  DatasetDetailDto,
  DatasetPageDto,
  ErrorDto,
  ImpactDto,
  JobPageDto,
  LineageGraphDto,
  NamespacesDto,
  RunDto,
  RATE_LIMITED,
  RunPageDto,
} from './dto/lineage-responses.dto.js';
import { ChangesQueryDto, DatasetSearchDto, PageQueryDto } from './dto/paging.dto.js';
import { changesCsv, impactCsv, LineageService } from './lineage.service.js';
import { LineageInvalidQueryError } from './lineage.errors.js';

/** The header an answer as of an instant carries: the instant it describes (ISO 8601, to the second). */
export const AS_OF_HEADER = 'Lineage-As-Of';

export const LINEAGE_ROUTE = 'api/v2/openlineage';

/** Path parameters, described once. */
const DATASET_PARAM = { name: 'dataset', description: 'Dataset name `database.table` (case-insensitive in teradata:// namespaces)', example: 'mart_sales.customer_360' };
const FIELD_PARAM = { name: 'field', description: 'Field (column) name of the dataset', example: 'lifetime_value_eur' };

/** The lineage index answers graph routes: 503 until its first build after start has finished. */
const INDEX_NOT_READY = { type: ErrorDto, description: 'The lineage index is still being built after start-up: code LINEAGE_INDEX_NOT_READY, Retry-After: 5' };

/** A lineage graph answer: LineageGraphDto (format=json, the default) or CompactLineageGraphDto (format=compact). */
const GRAPH_ANSWER = {
  description: 'The lineage graph: one object per node and per edge (format=json, the default), or the compact form (format=compact)',
  schema: { oneOf: [{ $ref: getSchemaPath(LineageGraphDto) }, { $ref: getSchemaPath(CompactLineageGraphDto) }] },
};

@ApiTags('lineage')
@ApiSecurity('api-key')
@ApiBearerAuth('bearer')
@ApiBadRequestResponse({ type: ErrorDto, description: 'Invalid or unknown parameter: code VALIDATION_FAILED, the message names it and the allowed values' })
@ApiUnauthorizedResponse({ type: ErrorDto, description: 'API key missing or wrong (when API_KEYS is set): code LINEAGE_API_KEY_REQUIRED' })
@ApiTooManyRequestsResponse(RATE_LIMITED)
@ApiExtraModels(LineageGraphDto, CompactLineageGraphDto, ImpactDto, ChangesPageDto)
@Controller(LINEAGE_ROUTE)
export class LineageController {
  constructor(private readonly lineage: LineageService) {}

  /** Lineage graphs come back already serialised (LineageService.graphJson): sent as they are, the buffer reused once out. */
  private send(res: Response, body: Buffer, asOf?: string): void {
    const instant = this.lineage.describedInstant(asOf);
    if (instant) res.setHeader(AS_OF_HEADER, instant);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', body.length);
    res.on('finish', () => this.lineage.releaseJson(body));
    res.end(body);
  }

  @Get('namespaces')
  @ApiOperation({ summary: 'Namespaces (one per Teradata system, plus those of ingested OpenLineage events)' })
  @ApiOkResponse({ type: NamespacesDto, description: 'Every namespace, by URI' })
  async namespaces(@Query() _query: NoQueryDto): Promise<NamespacesDto> {
    return { namespaces: await this.lineage.namespaces() };
  }

  @Get('datasets')
  @ApiOperation({ summary: 'Datasets, paged and searchable by database, table or column name' })
  @ApiOkResponse({ type: DatasetPageDto, description: 'One page of datasets, by name' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No such namespace: code LINEAGE_NODE_NOT_FOUND' })
  datasets(@Query() query: DatasetSearchDto) {
    return this.lineage.datasets(query);
  }

  @Get('datasets/:dataset')
  @ApiOperation({ summary: 'One dataset with its fields and its upstream/downstream dataset counts' })
  @ApiParam(DATASET_PARAM)
  @ApiOkResponse({ type: DatasetDetailDto, description: 'The dataset, its fields in table order, and how many datasets it is written from and into' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No such dataset or namespace: code LINEAGE_NODE_NOT_FOUND' })
  dataset(@Param('dataset') dataset: string, @Query() query: NamespaceQueryDto) {
    return this.lineage.dataset(dataset, query.namespace);
  }

  @Get('datasets/:dataset/lineage')
  @ApiOperation({ summary: 'Table lineage of a dataset' })
  @ApiParam(DATASET_PARAM)
  @ApiOkResponse(GRAPH_ANSWER)
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No such dataset or namespace: code LINEAGE_NODE_NOT_FOUND' })
  @ApiServiceUnavailableResponse(INDEX_NOT_READY)
  async tableLineage(@Param('dataset') dataset: string, @Query() query: PathGraphQueryDto, @Res() res: Response): Promise<void> {
    const { format, fields, ...rest } = query;
    this.send(res, await this.lineage.graphJson({ ...rest, dataset }, { format, fields }), rest.asOf);
  }

  @Get('datasets/:dataset/fields/:field/lineage')
  @ApiOperation({ summary: 'Column lineage of a field' })
  @ApiParam(DATASET_PARAM)
  @ApiParam(FIELD_PARAM)
  @ApiOkResponse(GRAPH_ANSWER)
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No such dataset, field or namespace: code LINEAGE_NODE_NOT_FOUND' })
  @ApiServiceUnavailableResponse(INDEX_NOT_READY)
  async columnLineage(@Param('dataset') dataset: string, @Param('field') field: string, @Query() query: ColumnGraphQueryDto, @Res() res: Response): Promise<void> {
    const { format, fields, compare, ...rest } = query;
    if (compare !== undefined) {
      if (format === 'compact') throw new LineageInvalidQueryError('compare answers in the json format only (its nodes and edges carry diff): leave format out or set it to json');
      const graph = await this.lineage.compareGraph({ ...rest, dataset, field }, compare);
      this.send(res, Buffer.from(JSON.stringify(withFields(graph, fields))), rest.asOf);
      return;
    }
    this.send(res, await this.lineage.graphJson({ ...rest, dataset, field }, { format, fields }), rest.asOf);
  }

  @Get('datasets/:dataset/fields/:field/runs')
  @ApiOperation({ summary: 'Runs (DBQL statements or ingested events) that wrote lineage into a field' })
  @ApiParam(DATASET_PARAM)
  @ApiParam(FIELD_PARAM)
  @ApiOkResponse({ type: [RunDto], description: 'The runs, newest first (at most 100); empty when the field has no lineage' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No such dataset, field or namespace: code LINEAGE_NODE_NOT_FOUND' })
  fieldRuns(@Param('dataset') dataset: string, @Param('field') field: string, @Query() query: NamespaceQueryDto) {
    return this.lineage.runsForField(dataset, field, query.namespace);
  }

  @Get('lineage')
  @ApiOperation({ summary: 'Lineage graph of a node (Marquez style): nodeId=datasetField:<ns>:<db.table>:<field> or dataset:<ns>:<db.table>' })
  @ApiOkResponse(GRAPH_ANSWER)
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No such node, dataset, field or namespace: code LINEAGE_NODE_NOT_FOUND' })
  @ApiServiceUnavailableResponse(INDEX_NOT_READY)
  async graph(@Query() query: GraphQueryDto, @Res() res: Response): Promise<void> {
    const { format, fields, ...rest } = query;
    this.send(res, await this.lineage.graphJson(rest, { format, fields }), rest.asOf);
  }

  @Get('impact')
  @ApiOperation({ summary: 'Impact analysis: everything downstream of a field or dataset, with totals per depth and per database (JSON or CSV)' })
  @ApiOkResponse({
    description: 'Everything downstream of the root: totals per depth and per database, and the impacted nodes (JSON), or one CSV row per impacted node',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ImpactDto) } },
      'text/csv': { schema: { type: 'string' }, example: 'node_id,type,namespace,dataset,field,depth\n' },
    },
  })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No such node, dataset, field or namespace: code LINEAGE_NODE_NOT_FOUND' })
  @ApiServiceUnavailableResponse(INDEX_NOT_READY)
  async impact(@Query() query: ImpactQueryDto, @Res({ passthrough: true }) res: Response) {
    const { format, ...rest } = query;
    const result = await this.lineage.impact(rest);
    if (result.asOf) res.setHeader(AS_OF_HEADER, result.asOf);
    const wantsCsv = format === 'csv' || (format === undefined && res.req.accepts(['application/json', 'text/csv']) === 'text/csv');
    if (!wantsCsv) return result;
    res.type('text/csv').setHeader('Content-Disposition', 'attachment; filename=impact.csv');
    return impactCsv(result);
  }

  @Get('changes')
  @ApiOperation({
    summary: 'What changed in a window: edges, datasets and fields added and removed, with the statement or run responsible (JSON, paged, or CSV)',
    description:
      'Every edge, dataset and field whose interval began (added) or ended (removed) in [since, until): a view redefined, a table replaced or dropped, ' +
      'an OpenLineage job whose later run no longer lists an edge. Each change says when, and the run that made it (a DBQL statement: its job name and the start of its SQL; an OpenLineage run; a view definition). ' +
      'dataset (and field) keep only what concerns it: its edges either way, its fields, itself.',
  })
  @ApiOkResponse({
    description: 'The changes of the window, oldest first (JSON: one page, with totals by kind), or one CSV row per change (the whole window)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ChangesPageDto) } },
      'text/csv': { schema: { type: 'string' }, example: 'at,change,kind,namespace,dataset,field,source_namespace,source_dataset,source_field,transformation_type,transformation_subtype,run_id,job_name,run_event_time,producer,statement\n' },
    },
  })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No such dataset or namespace: code LINEAGE_NODE_NOT_FOUND' })
  @Header('Cache-Control', 'no-store')
  async changes(@Query() query: ChangesQueryDto, @Res({ passthrough: true }) res: Response) {
    const { format, ...rest } = query;
    const wantsCsv = format === 'csv' || (format === undefined && res.req.accepts(['application/json', 'text/csv']) === 'text/csv');
    if (!wantsCsv) return this.lineage.changes(rest);
    const page = await this.lineage.changes(rest, true);
    res.type('text/csv').setHeader('Content-Disposition', 'attachment; filename=changes.csv');
    return changesCsv(page);
  }

  @Get('jobs')
  @ApiOperation({ summary: 'Jobs: the statements (by fingerprint) and event producers that wrote lineage' })
  @ApiOkResponse({ type: JobPageDto, description: 'One page of jobs, most recently updated first' })
  jobs(@Query() query: PageQueryDto) {
    return this.lineage.jobs(query.limit, query.offset);
  }

  @Get('jobs/:jobId/runs')
  @ApiOperation({ summary: 'Runs of a job, newest first' })
  @ApiParam({ name: 'jobId', description: 'Job id, as GET /jobs lists it (jobId)' })
  @ApiOkResponse({ type: RunPageDto, description: 'One page of the runs of the job, newest first' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No such job: code LINEAGE_NODE_NOT_FOUND' })
  @Header('Cache-Control', 'no-store')
  runs(@Param('jobId') jobId: string, @Query() query: PageQueryDto) {
    return this.lineage.runs(jobId, query.limit, query.offset);
  }
}

/** A comparison graph with only the node keys `fields` keeps (diff always stays: it is what a comparison is for). */
function withFields(graph: LineageGraph, fields: readonly NodeField[] | undefined): unknown {
  if (fields === undefined) return graph;
  return { ...graph, nodes: graph.nodes.map((n) => Object.fromEntries(Object.entries(n).filter(([k]) => k === 'diff' || (fields as readonly string[]).includes(k)))) };
}
