import { Body, Controller, HttpStatus, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiResponse,
  ApiSecurity,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorDto, RATE_LIMITED } from '../dto/lineage-responses.dto.js';
import type { EventOutcome, IngestionResult } from './ingestion.types.js';
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
  kind: 'RUN',
  runId: '0176a8c2-fe01-7439-87e6-56a1a1b4029f',
  eventType: 'COMPLETE',
  eventId: '5f0c6a1e9b7d4c2a8e3f1b6d9c0a7e4f2b8d5c1a6e9f3b7d0c4a8e2f6b1d5c9a',
  status: 'stored',
  duplicate: false,
  stored: { namespaces: 2, datasets: 2, fields: 2, fieldsCompleted: 0, jobs: 1, runs: 1, runInputs: 1, runOutputs: 1, edges: 1, edgesReactivated: 0 },
};

const RESULT_SCHEMA = {
  type: 'object',
  required: ['status'],
  properties: {
    index: { type: 'integer', description: 'Position of the event in a posted array (arrays only)' },
    kind: { type: 'string', enum: ['RUN', 'JOB', 'DATASET'] },
    runId: { type: 'string', description: "The run the event was stored under (a JobEvent's: its job's static run); absent for a DatasetEvent" },
    eventType: { type: 'string' },
    eventId: { type: 'string', description: "SHA-256 of the event's canonical JSON: its identity" },
    status: { type: 'string', enum: ['stored', 'duplicate', 'refused'] },
    duplicate: { type: 'boolean', description: 'The same event (same content) was already stored: nothing written' },
    stored: { type: 'object', additionalProperties: { type: 'integer' }, description: 'New rows per table' },
    normalised: { type: 'array', items: { type: 'string' }, description: 'What lenient mode changed to accept the event' },
    violations: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } }, description: 'Why the event was refused (status refused, arrays only)' },
  },
};

/** One event posted: its result; an array posted: one result per event, in order. */
const RESULTS_SCHEMA = { oneOf: [RESULT_SCHEMA, { type: 'array', items: RESULT_SCHEMA }] };

/**
 * POST /api/v1/lineage: OpenLineage RunEvents, as producers send them
 * (the OpenLineage HTTP transport), validated against the 2-0-2 spec and
 * stored as OL_* rows. Writes need an API key.
 */
@ApiTags('OpenLineage ingestion')
@ApiSecurity('api-key')
@ApiBearerAuth('bearer')
@ApiTooManyRequestsResponse(RATE_LIMITED)
@Controller(OPENLINEAGE_INGESTION_ROUTE)
export class OpenLineageIngestionController {
  constructor(private readonly ingestion: OpenLineageIngestionService) {}

  @Post()
  @ApiOperation({
    summary: 'Ingest OpenLineage events (RunEvent, JobEvent, DatasetEvent)',
    description:
      'One OpenLineage 2-0-2 event, or a JSON array of up to 100: RunEvents, JobEvents (static lineage: stored as the job\'s static run) and ' +
      'DatasetEvents. Validated against the OpenLineage JSON Schema and the ColumnLineageDatasetFacet 1-2-0 / SQLJobFacet 1-1-0 schemas, ' +
      'plus size bounds (names up to 256 characters, namespaces up to 512, at most 2000 fields per dataset). With OPENLINEAGE_LENIENT (the default) ' +
      'what Marquez accepts is accepted too (an eventTime without a zone, no schemaURL, a run id that is not a UUID, null lists, facets without ' +
      '_producer/_schemaURL) and each result says in `normalised` what was changed. Stored as OL_* rows (namespaces, job, run, run inputs and ' +
      'outputs, datasets, fields from `schema` facets, column lineage from `columnLineage` facets) and kept as received. An event\'s identity is its ' +
      'content: the same event posted again answers `duplicate: true` and writes nothing; a different event of a known run (another RUNNING, a ' +
      'COMPLETE adding outputs) is stored and merged into the run. Names keep their spelling except in `teradata://` namespaces, whose names are ' +
      'case-insensitive (stored lower-case). One event answers one result (400 when invalid); an array answers one result per event in order, ' +
      'invalid ones `status: refused` with their violations (207 when some were refused, 400 when all were).',
  })
  @ApiBody({
    description: 'An OpenLineage event (or an array of up to 100)',
    schema: { oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }] },
    examples: { runEvent: { value: EXAMPLE_EVENT } },
  })
  @ApiCreatedResponse({ description: 'Stored (at least one event was new; none refused): the result, or one per event of an array', schema: RESULTS_SCHEMA, example: EXAMPLE_RESULT })
  @ApiOkResponse({ description: 'Every event was already stored: nothing written, `duplicate: true` (one result, or one per event of an array)', schema: RESULTS_SCHEMA })
  @ApiResponse({ status: HttpStatus.MULTI_STATUS, description: 'An array where some events were refused: one result per event, refused ones with `violations`', schema: { type: 'array', items: RESULT_SCHEMA } })
  @ApiBadRequestResponse({
    type: ErrorDto,
    description: 'Not a valid event (or every event of an array refused): code LINEAGE_EVENT_INVALID, one entry of details per violation, by JSON path',
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
  @ApiUnauthorizedResponse({
    type: ErrorDto,
    description: 'No valid API key (X-API-Key or Authorization: Bearer): code LINEAGE_API_KEY_REQUIRED; without API_KEYS configured, writes are refused',
  })
  @ApiPayloadTooLargeResponse({ type: ErrorDto, description: 'Body larger than API_BODY_LIMIT_KB: code PAYLOAD_TOO_LARGE' })
  async ingest(@Body() body: unknown, @Res({ passthrough: true }) response: Response): Promise<EventOutcome[] | Omit<IngestionResult, 'index'>> {
    const results = await this.ingestion.ingestBody(body);
    const refused = results.some((r) => r.status === 'refused');
    response.status(refused ? HttpStatus.MULTI_STATUS : results.every((r) => r.status === 'duplicate') ? HttpStatus.OK : HttpStatus.CREATED);
    if (Array.isArray(body)) return results;
    const { index: _index, ...single } = results[0] as IngestionResult & { index: number };
    return single;
  }
}
