import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
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
import type { Request, Response } from 'express';
import { UsageConfig } from '../config/app-config.js';
import { keyMatches, presentedKey } from '../http/api-key.guard.js';
import { NodeUsageQueryDto, UsageListQueryDto, WeightedImpactQueryDto } from './dto/usage-query.dto.js';
import { NodeUsageDto, RankedUsagePageDto, UnusedPageDto, WeightedImpactDto } from './dto/usage-responses.dto.js';
import { UsageImpactService, weightedImpactCsv } from './usage-impact.service.js';
import { UsageService, type Viewer } from './usage.service.js';

export const USAGE_ROUTE = 'api/v2/usage';

/** The error body every route shares (declared by the lineage routes' ErrorDto). */
const ERROR = { schema: { $ref: getSchemaPath('ErrorDto') } };
const DATASET_PARAM = { name: 'dataset', description: 'Dataset name `database.table` (case-insensitive in teradata:// namespaces)', example: 'core.customer' };
const FIELD_PARAM = { name: 'field', description: 'Field (column) name of the dataset', example: 'customer_id' };

/** An API caller sees user names only with a key listed in USAGE_USER_KEYS (SECURITY.md). */
export function apiViewer(req: Pick<Request, 'headers'>, config: UsageConfig): Viewer {
  return { userNames: config.userKeys.length > 0 && keyMatches(presentedKey(req), config.userKeys) };
}

@ApiTags('usage')
@ApiExtraModels(WeightedImpactDto)
@ApiSecurity('api-key')
@ApiBearerAuth('bearer')
@ApiBadRequestResponse({ ...ERROR, description: 'Invalid or unknown parameter: code VALIDATION_FAILED, the message names it' })
@ApiUnauthorizedResponse({ ...ERROR, description: 'API key missing or wrong (when API_KEYS is set): code LINEAGE_API_KEY_REQUIRED' })
@ApiTooManyRequestsResponse({
  ...ERROR,
  description: 'Too many requests from this client (RATE_LIMIT_MAX per RATE_LIMIT_TTL_SECONDS): code RATE_LIMITED; Retry-After says when to come back',
  headers: { 'Retry-After': { description: 'Seconds until the window resets', schema: { type: 'integer' } } },
})
@Controller(USAGE_ROUTE)
export class UsageController {
  constructor(
    @Inject(UsageService) private readonly usage: UsageService,
    @Inject(UsageImpactService) private readonly impactService: UsageImpactService,
    @Inject(UsageConfig) private readonly config: UsageConfig,
  ) {}

  @Get('datasets/:dataset')
  @ApiOperation({ summary: 'Usage of a dataset over a window: reads per day, distinct users, applications and clients, last read, top readers' })
  @ApiParam(DATASET_PARAM)
  @ApiOkResponse({ type: NodeUsageDto, description: 'Its reads in the window: totals, every day, top users (when allowed) and applications' })
  @ApiNotFoundResponse({ ...ERROR, description: 'No such dataset or namespace: code LINEAGE_NODE_NOT_FOUND' })
  dataset(@Param('dataset') dataset: string, @Query() query: NodeUsageQueryDto, @Req() req: Request): Promise<NodeUsageDto> {
    return this.usage.nodeUsage({ ...query, dataset }, apiViewer(req, this.config));
  }

  @Get('datasets/:dataset/fields/:field')
  @ApiOperation({ summary: 'Usage of a field over a window: reads per day (projection and predicate), users, applications, last read, top readers' })
  @ApiParam(DATASET_PARAM)
  @ApiParam(FIELD_PARAM)
  @ApiOkResponse({ type: NodeUsageDto, description: 'Its reads in the window: totals, every day, top users (when allowed) and applications' })
  @ApiNotFoundResponse({ ...ERROR, description: 'No such dataset, field or namespace: code LINEAGE_NODE_NOT_FOUND' })
  field(@Param('dataset') dataset: string, @Param('field') field: string, @Query() query: NodeUsageQueryDto, @Req() req: Request): Promise<NodeUsageDto> {
    return this.usage.nodeUsage({ ...query, dataset, field }, apiViewer(req, this.config));
  }

  @Get('top')
  @ApiOperation({ summary: 'The most read datasets or fields of a window, paged' })
  @ApiOkResponse({ type: RankedUsagePageDto, description: 'One page of the most read datasets or fields, most reads first' })
  top(@Query() query: UsageListQueryDto): Promise<RankedUsagePageDto> {
    return this.usage.top({ ...query, level: query.level ?? 'dataset' });
  }

  @Get('unused')
  @ApiOperation({ summary: 'Retirement candidates: datasets or fields not read for `days` days (default USAGE_UNUSED_DAYS) with nothing downstream read either, paged' })
  @ApiOkResponse({ type: UnusedPageDto, description: 'One page of retirement candidates, by name' })
  @ApiServiceUnavailableResponse({ ...ERROR, description: 'The lineage index is still being built after start-up: code LINEAGE_INDEX_NOT_READY' })
  unused(@Query() query: UsageListQueryDto): Promise<UnusedPageDto> {
    return this.usage.unused({ ...query, level: query.level ?? 'dataset' });
  }

  @Get('impact')
  @ApiOperation({ summary: 'Usage-weighted impact analysis: everything downstream of a field or dataset with its readers and read counts, and the totals (JSON or CSV)' })
  @ApiOkResponse({
    description: 'Everything downstream with who reads it (JSON), or one CSV row per impacted node',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(WeightedImpactDto) } },
      'text/csv': { schema: { type: 'string' }, example: 'node_id,type,namespace,dataset,field,depth,reads,users,applications,last_read_at,top_applications\n' },
    },
  })
  @ApiNotFoundResponse({ ...ERROR, description: 'No such dataset, field or namespace: code LINEAGE_NODE_NOT_FOUND' })
  @ApiServiceUnavailableResponse({ ...ERROR, description: 'The lineage index is still being built after start-up: code LINEAGE_INDEX_NOT_READY' })
  async impact(@Query() query: WeightedImpactQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { format, ...rest } = query;
    const result = await this.impactService.impact(rest, apiViewer(req, this.config));
    const wantsCsv = format === 'csv' || (format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv');
    if (!wantsCsv) return result;
    res.type('text/csv').setHeader('Content-Disposition', 'attachment; filename=usage-impact.csv');
    return weightedImpactCsv(result);
  }
}
