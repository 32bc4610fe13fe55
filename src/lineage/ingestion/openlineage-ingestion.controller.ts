import { Body, Controller, HttpStatus, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { IngestionResult } from './ingestion.types.js';
import { OpenLineageIngestionService } from './openlineage-ingestion.service.js';

/** The OpenLineage HTTP transport's path (producers post to `<url>/api/v1/lineage`). */
export const OPENLINEAGE_INGESTION_ROUTE = 'api/v1/lineage';

const EXAMPLE_EVENT = {
  eventType: 'COMPLETE',
  eventTime: '2026-01-15T02:00:00.000Z',
  run: { runId: '0176a8c2-fe01-7439-87e6-56a1a1b4029f' },
  job: { namespace: 'etl', name: 'daily_sales.load' },
  inputs: [{ namespace: 'teradata://tdprod:1025', name: 'sales.orders' }],
  outputs: [
    {
      namespace: 'teradata://tdprod:1025',
      name: 'mart.daily_sales',
      facets: {
        columnLineage: {
          _producer: 'https://example.com/etl',
          _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet',
          fields: {
            total_amount: {
              inputFields: [
                {
                  namespace: 'teradata://tdprod:1025',
                  name: 'sales.orders',
                  field: 'amount',
                  transformations: [{ type: 'DIRECT', subtype: 'AGGREGATION', description: 'SUM(amount)' }],
                },
              ],
            },
          },
        },
      },
    },
  ],
  producer: 'https://example.com/etl',
  schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
};

const EXAMPLE_RESULT: IngestionResult = {
  runId: '0176a8c2-fe01-7439-87e6-56a1a1b4029f',
  eventType: 'COMPLETE',
  stored: { namespaces: 2, datasets: 2, fields: 2, fieldsCompleted: 0, jobs: 1, runs: 1, runInputs: 1, runOutputs: 1, edges: 1, edgesReactivated: 0 },
  duplicate: false,
};

const RESULT_SCHEMA = {
  type: 'object',
  properties: {
    runId: { type: 'string' },
    eventType: { type: 'string' },
    duplicate: { type: 'boolean' },
    stored: { type: 'object', additionalProperties: { type: 'integer' } },
  },
};

/**
 * POST /api/v1/lineage: OpenLineage RunEvents, as producers send them
 * (the OpenLineage HTTP transport), validated against the 2-0-2 spec and
 * stored as OL_* rows. Writes need an API key.
 */
@ApiTags('OpenLineage ingestion')
@ApiSecurity('api-key')
@Controller(OPENLINEAGE_INGESTION_ROUTE)
export class OpenLineageIngestionController {
  constructor(private readonly ingestion: OpenLineageIngestionService) {}

  @Post()
  @ApiOperation({
    summary: 'Ingest OpenLineage RunEvents',
    description:
      'One OpenLineage 2-0-2 RunEvent, or a JSON array of up to 100. Validated against the OpenLineage JSON Schema and the ' +
      'ColumnLineageDatasetFacet 1-2-0 / SQLJobFacet 1-1-0 schemas, plus size bounds (names up to 256 characters, namespaces up to 512, ' +
      'at most 2000 fields per dataset). Stored as OL_* rows: namespaces, job, run, run inputs and outputs, datasets, fields from `schema` ' +
      'facets and column lineage from `columnLineage` facets. Idempotent on run id + event type: a re-post answers 200 with `duplicate: true` ' +
      'and writes nothing. Answers one result for one event, an array of results for an array.',
  })
  @ApiBody({ description: 'An OpenLineage RunEvent (or an array of them)', schema: { type: 'object' }, examples: { runEvent: { value: EXAMPLE_EVENT } } })
  @ApiCreatedResponse({ description: 'Stored (at least one event was new)', schema: RESULT_SCHEMA, example: EXAMPLE_RESULT })
  @ApiOkResponse({ description: 'Every event was already known: nothing written, `duplicate: true`', schema: RESULT_SCHEMA })
  @ApiBadRequestResponse({
    description: 'Not a valid RunEvent: one entry per violation, by JSON path',
    example: {
      statusCode: 400,
      code: 'LINEAGE_EVENT_INVALID',
      message: 'The body is not a valid OpenLineage 2-0-2 RunEvent: 2 problems, first /run/runId is required',
      details: [
        { path: '/run/runId', message: 'is required' },
        { path: '/eventType', message: 'must be equal to one of the allowed values: START, RUNNING, COMPLETE, ABORT, FAIL, OTHER' },
      ],
      requestId: 'b3c1…',
    },
  })
  @ApiUnauthorizedResponse({ description: 'No valid API key (X-API-Key or Authorization: Bearer); without API_KEYS configured, writes are refused' })
  @ApiPayloadTooLargeResponse({ description: 'Body larger than API_BODY_LIMIT_KB' })
  async ingest(@Body() body: unknown, @Res({ passthrough: true }) response: Response): Promise<IngestionResult | IngestionResult[]> {
    const results = await this.ingestion.ingestBody(body);
    response.status(results.every((r) => r.duplicate) ? HttpStatus.OK : HttpStatus.CREATED);
    return Array.isArray(body) ? results : results[0];
  }
}
