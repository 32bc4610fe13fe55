import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/*
 * Swagger models of the Marquez shapes (Marquez's OpenAPI document,
 * /work/shared/marquez-api/openapi.yml). Values the store does not have are
 * absent, never null.
 */

export class MarquezNamespaceDto {
  @ApiProperty({ example: 'food_delivery' }) name: string;
  @ApiPropertyOptional({ format: 'date-time' }) createdAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'The creation time: namespaces are not updated here' }) updatedAt?: string;
  @ApiPropertyOptional() description?: string;
}

export class MarquezNamespaceListDto {
  @ApiProperty({ type: [MarquezNamespaceDto] }) namespaces: MarquezNamespaceDto[];
}

export class MarquezDatasetIdDto {
  @ApiProperty({ example: 'food_delivery' }) namespace: string;
  @ApiProperty({ example: 'public.delivery_7_days' }) name: string;
}

export class MarquezFieldDto {
  @ApiProperty() name: string;
  @ApiProperty({ description: 'UNKNOWN when the store has no type (a field seen only in column lineage)' }) type: string;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiPropertyOptional() description?: string;
}

export class MarquezDatasetDto {
  @ApiProperty({ type: MarquezDatasetIdDto }) id: MarquezDatasetIdDto;
  @ApiProperty({ example: 'DB_TABLE' }) type: string;
  @ApiProperty() name: string;
  @ApiProperty() physicalName: string;
  @ApiPropertyOptional({ format: 'date-time' }) createdAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) updatedAt?: string;
  @ApiProperty() namespace: string;
  @ApiProperty({ description: 'The namespace: sources are not kept apart' }) sourceName: string;
  @ApiProperty({ type: [MarquezFieldDto] }) fields: MarquezFieldDto[];
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ type: Object, description: 'Always empty: facets are not stored' }) facets: Record<string, never>;
  @ApiProperty() deleted: boolean;
}

export class MarquezDatasetListDto {
  @ApiProperty({ type: [MarquezDatasetDto] }) datasets: MarquezDatasetDto[];
  @ApiProperty() totalCount: number;
}

export class MarquezDatasetVersionListDto {
  @ApiProperty({ type: [Object], description: 'Always empty: the store keeps the current state of a dataset, not versions' }) versions: never[];
  @ApiProperty({ example: 0 }) totalCount: number;
}

export class MarquezRunDto {
  @ApiProperty({ example: 'ea9badc5-7cb2-49af-9a9f-155771d3a797' }) id: string;
  @ApiPropertyOptional({ format: 'date-time' }) createdAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'The time of the latest event' }) updatedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) nominalStartTime?: string;
  @ApiPropertyOptional({ format: 'date-time' }) nominalEndTime?: string;
  @ApiProperty({ enum: ['NEW', 'RUNNING', 'COMPLETED', 'FAILED', 'ABORTED'] }) state: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'While RUNNING: the START event time' }) startedAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Once finished: the COMPLETE, FAIL or ABORT event time' }) endedAt?: string;
  @ApiProperty({ type: Object }) args: Record<string, never>;
  @ApiProperty({ type: Object }) facets: Record<string, never>;
}

export class MarquezRunListDto {
  @ApiProperty({ type: [MarquezRunDto] }) runs: MarquezRunDto[];
  @ApiProperty() totalCount: number;
}

export class MarquezJobDto {
  @ApiProperty({ type: MarquezDatasetIdDto, description: 'namespace and name of the job' }) id: MarquezDatasetIdDto;
  @ApiProperty({ example: 'BATCH' }) type: string;
  @ApiProperty() name: string;
  @ApiProperty() simpleName: string;
  @ApiPropertyOptional({ format: 'date-time' }) createdAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) updatedAt?: string;
  @ApiProperty() namespace: string;
  @ApiProperty({ type: [MarquezDatasetIdDto], description: 'Datasets its runs read' }) inputs: MarquezDatasetIdDto[];
  @ApiProperty({ type: [MarquezDatasetIdDto], description: 'Datasets its runs wrote' }) outputs: MarquezDatasetIdDto[];
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional({ type: MarquezRunDto }) latestRun?: MarquezRunDto;
  @ApiProperty({ type: [MarquezRunDto] }) latestRuns: MarquezRunDto[];
  @ApiProperty({ type: Object }) facets: Record<string, never>;
}

export class MarquezJobListDto {
  @ApiProperty({ type: [MarquezJobDto] }) jobs: MarquezJobDto[];
  @ApiProperty() totalCount: number;
}

export class MarquezGraphEdgeDto {
  @ApiProperty() origin: string;
  @ApiProperty() destination: string;
}

export class MarquezGraphNodeDto {
  @ApiProperty({ example: 'dataset:food_delivery:public.delivery_7_days' }) id: string;
  @ApiProperty({ enum: ['DATASET', 'JOB', 'DATASET_FIELD'] }) type: string;
  @ApiProperty({ type: Object, description: 'A Dataset (DATASET), a Job (JOB), or a column node: namespace, dataset, field, fieldType, inputFields (DATASET_FIELD)' }) data: object;
  @ApiProperty({ type: [MarquezGraphEdgeDto] }) inEdges: MarquezGraphEdgeDto[];
  @ApiProperty({ type: [MarquezGraphEdgeDto] }) outEdges: MarquezGraphEdgeDto[];
}

export class MarquezLineageGraphDto {
  @ApiProperty({ type: [MarquezGraphNodeDto] }) graph: MarquezGraphNodeDto[];
  @ApiPropertyOptional({ format: 'date-time', description: 'The instant the graph describes, to the second, when asOf was given (an extension: absent otherwise)' }) asOf?: string;
}

export class MarquezSearchResultDto {
  @ApiProperty({ enum: ['DATASET', 'JOB'] }) type: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ format: 'date-time' }) updatedAt?: string;
  @ApiProperty() namespace: string;
  @ApiProperty({ example: 'dataset:food_delivery:public.delivery_7_days' }) nodeId: string;
}

export class MarquezSearchResultListDto {
  @ApiProperty() totalCount: number;
  @ApiProperty({ type: [MarquezSearchResultDto] }) results: MarquezSearchResultDto[];
}

export class MarquezLineageEventListDto {
  @ApiProperty({
    type: [Object],
    description: 'One OpenLineage event per stored run, in the state of its latest event: eventType, eventTime, run.runId, job, inputs, outputs, producer, schemaURL (facets are not stored)',
  })
  events: object[];
  @ApiProperty() totalCount: number;
}

export class MarquezTagListDto {
  @ApiProperty({ type: [Object], description: 'Always empty: tags are not kept' }) tags: never[];
}

/** The service's error body (not Marquez's own): `{ statusCode, code, message, details?, requestId }`. */
export class MarquezErrorDto {
  @ApiProperty({ type: 'integer', example: 404, description: 'The HTTP status, repeated' }) statusCode: number;
  @ApiProperty({ example: 'LINEAGE_NODE_NOT_FOUND', description: 'What kind of mistake (see the user guide, "Error codes")' }) code: string;
  @ApiProperty({ example: 'Namespace "food_delivery" not found' }) message: string;
  @ApiPropertyOptional({ type: [String], description: 'One message per invalid parameter' }) details?: string[];
  @ApiProperty({ example: '6c1f2a0e-…', description: 'The X-Request-Id of the request (echoed back as a header)' }) requestId: string;
}

/** What every /api route answers past its rate limit: `@ApiTooManyRequestsResponse(MARQUEZ_RATE_LIMITED)`. */
export const MARQUEZ_RATE_LIMITED = {
  type: MarquezErrorDto,
  description: 'Too many requests from this client (RATE_LIMIT_MAX per RATE_LIMIT_TTL_SECONDS): code RATE_LIMITED; Retry-After says when to come back',
  headers: { 'Retry-After': { description: 'Seconds until the window resets', schema: { type: 'integer' as const } } },
};
