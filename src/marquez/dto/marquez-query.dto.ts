import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { QueryInteger } from '../../common/query-integer.js';

/** Marquez's list paging: limit (default 100) and offset (default 0). */
export class MarquezPageDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100, description: 'The number of results to return from offset' })
  @IsOptional()
  @Min(1)
  @Max(1000)
  @QueryInteger()
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0, description: 'The initial position from which to return results' })
  @IsOptional()
  @Min(0)
  @QueryInteger()
  offset?: number;
}

/** GET /api/v1/lineage. */
export class MarquezLineageQueryDto {
  @ApiProperty({ description: 'dataset:<namespace>:<dataset> or job:<namespace>:<job>', example: 'dataset:food_delivery:public.delivery_7_days' })
  @MinLength(1)
  @MaxLength(2100)
  @IsString({ message: 'nodeId is required: dataset:<namespace>:<dataset> or job:<namespace>:<job>' })
  nodeId: string;

  @ApiPropertyOptional({ type: 'integer', default: 20, description: 'Jobs to follow from the node, within VALIDATION_MIN_MAX_DEPTH..VALIDATION_MAX_DEPTH_LIMIT (Marquez default 20, or the limit when lower)' })
  @IsOptional()
  @QueryInteger()
  depth?: number;

  @ApiPropertyOptional({ type: String, format: 'date-time', example: '2026-11-18T09:00:00Z', description: 'The lineage as it was at this instant (ISO 8601 date-time, to the second). Default: now. An extension of this service (Marquez has none): the answer carries asOf and the Lineage-As-Of header.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO 8601 date-time such as 2026-11-18T09:00:00Z' })
  @MaxLength(40)
  asOf?: string;
}

/** `true` / `false` in a query string (anything else is left for IsIn to refuse). */
function queryBoolean({ value }: { value: unknown }): unknown {
  return value === 'true' ? true : value === 'false' ? false : value;
}

/** GET /api/v1/column-lineage. */
export class MarquezColumnLineageQueryDto {
  @ApiProperty({ description: 'datasetField:<namespace>:<dataset>:<field>, or dataset:<namespace>:<dataset> for all its fields', example: 'datasetField:food_delivery:public.delivery_7_days:order_id' })
  @MinLength(1)
  @MaxLength(2100)
  @IsString({ message: 'nodeId is required: datasetField:<namespace>:<dataset>:<field> or dataset:<namespace>:<dataset>' })
  nodeId: string;

  @ApiPropertyOptional({ type: 'integer', default: 20, description: 'Hops to follow, within VALIDATION_MIN_MAX_DEPTH..VALIDATION_MAX_DEPTH_LIMIT' })
  @IsOptional()
  @QueryInteger()
  depth?: number;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Downstream lineage too (upstream only by default)' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsIn([true, false], { message: 'withDownstream must be true or false' })
  withDownstream?: boolean;

  @ApiPropertyOptional({ type: String, format: 'date-time', example: '2026-11-18T09:00:00Z', description: 'The lineage as it was at this instant (ISO 8601 date-time, to the second). Default: now. An extension of this service (Marquez has none): the answer carries asOf and the Lineage-As-Of header.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO 8601 date-time such as 2026-11-18T09:00:00Z' })
  @MaxLength(40)
  asOf?: string;
}

export const SEARCH_FILTERS = ['DATASET', 'JOB'] as const;

/** A day as Marquez's search takes it. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const SEARCH_SORTS = ['NAME', 'UPDATE_AT'] as const;

const upper = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.toUpperCase() : value);

/** GET /api/v1/search. */
export class MarquezSearchQueryDto {
  @ApiProperty({ description: 'Pattern matched anywhere in dataset and job names, case-insensitive; % matches any text, _ one character', example: 'delivery' })
  @MinLength(1, { message: 'q must not be empty' })
  @MaxLength(256)
  @IsString({ message: 'q is required: the text to look for in dataset and job names' })
  q: string;

  @ApiPropertyOptional({ enum: SEARCH_FILTERS, description: 'Only datasets or only jobs (case-insensitive)' })
  @IsOptional()
  @Transform(upper)
  @IsIn(SEARCH_FILTERS, { message: 'filter must be dataset or job' })
  filter?: (typeof SEARCH_FILTERS)[number];

  @ApiPropertyOptional({ enum: ['name', 'updated_at'], default: 'name', description: 'By name, or newest update first (update_at and updated_at both accepted)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase().replace('UPDATED_AT', 'UPDATE_AT') : value))
  @IsIn(SEARCH_SORTS, { message: 'sort must be name or updated_at' })
  sort?: (typeof SEARCH_SORTS)[number];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 10, description: 'The number of results to return' })
  @IsOptional()
  @Min(1)
  @Max(1000)
  @QueryInteger()
  limit?: number;

  @ApiPropertyOptional({ description: 'Only in this namespace', example: 'food_delivery' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  namespace?: string;

  @ApiPropertyOptional({ description: 'Only those last updated before this day (00:00 UTC)', example: '2022-09-15' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'before must be a day written YYYY-MM-DD, e.g. 2022-09-15' })
  @Matches(DAY, { message: 'before must be a day written YYYY-MM-DD, e.g. 2022-09-15' })
  before?: string;

  @ApiPropertyOptional({ description: 'Only those last updated after this day (00:00 UTC)', example: '2022-09-15' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'after must be a day written YYYY-MM-DD, e.g. 2022-09-15' })
  @Matches(DAY, { message: 'after must be a day written YYYY-MM-DD, e.g. 2022-09-15' })
  after?: string;
}

/** GET /api/v1/events/lineage. */
export class MarquezEventsQueryDto extends MarquezPageDto {
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc', description: 'Event time order' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsIn(['asc', 'desc'], { message: 'sortDirection must be asc or desc' })
  sortDirection?: 'asc' | 'desc';

  @ApiPropertyOptional({ description: 'Only events before this ISO-8601 time', example: '2022-09-15T07:47:19Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'before must be an ISO-8601 date-time, e.g. 2022-09-15T07:47:19Z' })
  before?: string;

  @ApiPropertyOptional({ description: 'Only events after this ISO-8601 time', example: '2022-09-15T07:47:19Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'after must be an ISO-8601 date-time, e.g. 2022-09-15T07:47:19Z' })
  after?: string;
}
