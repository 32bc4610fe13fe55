import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { EXPORT_FORMAT_INFO, EXPORT_FORMATS } from '../export-format.js';
import { ErrorDto, RATE_LIMITED } from '../dto/lineage-responses.dto.js';
import { ExportQueryDto } from './export-query.dto.js';
import { ExportService } from '../export.service.js';

export const LINEAGE_EXPORT_ROUTE = 'api/v2/openlineage/export';

const MERMAID_EXAMPLE = [
  'flowchart LR',
  '  subgraph d0["mart.daily_sales"]',
  '    n0["total_amount"]',
  '  end',
  '  subgraph d1["sales.orders"]',
  '    n1["amount"]',
  '    n2["order_date"]',
  '  end',
  '  n1 -->|"DIRECT/AGGREGATION"| n0',
  '  n2 -.->|"INDIRECT/GROUP_BY"| n0',
  '  classDef root stroke-width:3px',
  '  class n0 root',
].join('\n');

/** Errors are JSON whatever format was asked for: documented as such, not under the graph media types. */
const jsonError = (description: string, example?: object) => ({
  description,
  content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorDto) }, ...(example ? { example } : {}) } },
});

/** GET /api/v2/openlineage/export: a lineage graph as Mermaid, Graphviz DOT, GraphML, Cypher, JSON-LD or SVG. */
@ApiTags('Lineage export')
@ApiSecurity('api-key')
@ApiBearerAuth('bearer')
@ApiExtraModels(ErrorDto)
@Controller(LINEAGE_EXPORT_ROUTE)
export class LineageExportController {
  constructor(private readonly exports: ExportService) {}

  @Get()
  @ApiOperation({
    summary: 'Export a lineage graph',
    description:
      'Takes the same lineage query as GET /api/v2/openlineage/lineage and answers the graph as text in the chosen format: ' +
      EXPORT_FORMATS.map((f) => `${f} (${EXPORT_FORMAT_INFO[f].contentType.split(';')[0]}, .${EXPORT_FORMAT_INFO[f].extension})`).join(', ') +
      '. Deterministic output; names are escaped for each format. `download=true` adds Content-Disposition: attachment; filename=lineage.<ext>. ' +
      '`asOf` exports the lineage as it was then; the answer says which instant in its Lineage-As-Of header.',
  })
  @ApiProduces(...EXPORT_FORMATS.map((f) => EXPORT_FORMAT_INFO[f].contentType.split(';')[0]))
  @ApiOkResponse({
    description: 'The graph in the requested format',
    content: Object.fromEntries(
      EXPORT_FORMATS.map((f) => [
        EXPORT_FORMAT_INFO[f].contentType.split(';')[0],
        { schema: { type: 'string' }, ...(f === 'mermaid' ? { example: MERMAID_EXAMPLE } : {}) },
      ]),
    ),
  })
  @ApiBadRequestResponse(
    jsonError('Unknown format or parameter, or an invalid lineage query (maxDepth outside the configured bounds…): code VALIDATION_FAILED', {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: `format must be one of: ${EXPORT_FORMATS.join(', ')}`,
      requestId: 'b3c1…',
    }),
  )
  @ApiNotFoundResponse(jsonError('The node, dataset, field or namespace is not known: code LINEAGE_NODE_NOT_FOUND'))
  @ApiUnauthorizedResponse(jsonError('API_KEYS is set and no valid key was sent: code LINEAGE_API_KEY_REQUIRED'))
  @ApiTooManyRequestsResponse({ ...jsonError(RATE_LIMITED.description), headers: RATE_LIMITED.headers })
  @ApiServiceUnavailableResponse(jsonError('The lineage index is still being built after start-up: code LINEAGE_INDEX_NOT_READY, Retry-After: 5'))
  async export(@Query() query: ExportQueryDto, @Res({ passthrough: true }) response: Response): Promise<string> {
    const result = await this.exports.exportLineage(query);
    response.setHeader('Content-Type', result.contentType);
    if (result.asOf) response.setHeader('Lineage-As-Of', result.asOf);
    if (query.download) response.setHeader('Content-Disposition', `attachment; filename=${result.filename}`);
    return result.body;
  }
}
