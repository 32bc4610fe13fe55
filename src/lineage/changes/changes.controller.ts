import { Controller, Get, Header, Inject, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorDto, RATE_LIMITED } from '../dto/lineage-responses.dto.js';
import { LINEAGE_ROUTE } from '../lineage.controller.js';
import { ChangesQueryDto, LineageChangesDto } from './changes.dto.js';
import { LineageChangesService } from './changes.service.js';

@ApiTags('lineage')
@ApiSecurity('api-key')
@ApiBearerAuth('bearer')
@ApiBadRequestResponse({ type: ErrorDto, description: 'Invalid or unknown parameter, or since not before until: code VALIDATION_FAILED, the message names it' })
@ApiUnauthorizedResponse({ type: ErrorDto, description: 'API key missing or wrong (when API_KEYS is set): code LINEAGE_API_KEY_REQUIRED' })
@ApiTooManyRequestsResponse(RATE_LIMITED)
@ApiExtraModels(LineageChangesDto)
@Controller(LINEAGE_ROUTE)
export class LineageChangesController {
  constructor(@Inject(LineageChangesService) private readonly changes: LineageChangesService) {}

  @Get('changes')
  @ApiOperation({ summary: 'What changed in the lineage over a window: edges, datasets and fields added and removed, with the statement or run responsible (JSON or CSV)' })
  @ApiOkResponse({
    description: 'The window’s changes, oldest first: totals by kind and one page (JSON), or every change as CSV',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(LineageChangesDto) } },
      'text/csv': { schema: { type: 'string' }, example: 'change,item,at,source_namespace,source_dataset,source_field,target_namespace,target_dataset,target_field,transformation_type,transformation_subtype,namespace,dataset,field,run_id,job_namespace,job_name\n' },
    },
  })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No such dataset or namespace: code LINEAGE_NODE_NOT_FOUND' })
  @Header('Cache-Control', 'no-store')
  async list(@Query() query: ChangesQueryDto, @Res({ passthrough: true }) res: Response) {
    const { format, ...rest } = query;
    const wantsCsv = format === 'csv' || (format === undefined && res.req.accepts(['application/json', 'text/csv']) === 'text/csv');
    if (!wantsCsv) return this.changes.changes(rest);
    const { csv, truncated } = await this.changes.changesCsv(rest);
    res.type('text/csv').setHeader('Content-Disposition', 'attachment; filename=lineage-changes.csv');
    if (truncated) res.setHeader('X-Lineage-Truncated', 'true');
    return csv;
  }
}
