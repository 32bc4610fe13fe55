import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength, type ValidationArguments } from 'class-validator';
import { TRANSFORMATION_TYPES, type TransformationType } from '../../model/transformation.js';
import { GRAPH_FORMATS, type GraphFormat, NODE_FIELDS, type NodeField } from '../graph-format.js';
import type { LineageDirection } from '../lineage.types.js';
import { QueryInteger } from '../../common/query-integer.js';

export const DIRECTIONS = ['upstream', 'downstream', 'both'] as const;

const DIRECTION_DESCRIPTION = 'Which way to walk from the root: upstream (what it is written from), downstream (what is written from it), or both';
const MAX_DEPTH_DESCRIPTION =
  'Hops to follow, a whole number in decimal digits; bounds from VALIDATION_MIN_MAX_DEPTH..VALIDATION_MAX_DEPTH_LIMIT, default VALIDATION_DEFAULT_MAX_DEPTH (out of bounds: 400 naming the range)';
const TRANSFORMATION_TYPE_DESCRIPTION = 'Only edges of this transformation type (column lineage; table lineage ignores it)';

/**
 * `asOf`: the lineage as it was at an instant (ADR 0024). An ISO 8601
 * date-time (a date alone is its midnight UTC); kept to the second. Absent:
 * now. The answer says which instant it describes (`asOf`, and the
 * Lineage-As-Of header).
 */
export function AsOf(name = 'asOf', description = 'The lineage as it was at this instant (ISO 8601 date-time, to the second; a date alone is its midnight UTC). Default: now. The answer carries the instant it describes (asOf, and the Lineage-As-Of header); before the kept history (LINEAGE_HISTORY_DAYS): 400.') {
  return applyDecorators(
    ApiPropertyOptional({ type: String, format: 'date-time', example: '2026-11-18T09:00:00Z', description }),
    IsOptional(),
    IsISO8601({ strict: true }, { message: `${name} must be an ISO 8601 date-time such as 2026-11-18T09:00:00Z` }),
    MaxLength(40),
  );
}

/** How to walk from the root, on every graph route: direction, depth, transformation type, instant. */
class WalkQueryDto {
  @ApiPropertyOptional({ enum: DIRECTIONS, default: 'both', description: DIRECTION_DESCRIPTION })
  @IsOptional()
  @IsIn(DIRECTIONS, { message: 'direction must be one of upstream, downstream, both' })
  direction?: LineageDirection;

  @ApiPropertyOptional({ type: 'integer', description: MAX_DEPTH_DESCRIPTION, example: 5 })
  @IsOptional()
  @QueryInteger()
  maxDepth?: number;

  @ApiPropertyOptional({ enum: TRANSFORMATION_TYPES, description: TRANSFORMATION_TYPE_DESCRIPTION })
  @IsOptional()
  @IsIn(TRANSFORMATION_TYPES, { message: 'transformationType must be DIRECT or INDIRECT' })
  transformationType?: TransformationType;

  @AsOf()
  asOf?: string;
}

/**
 * What a lineage graph is asked for: a typed node id, or a dataset (and
 * field) name; direction; depth (checked against the VALIDATION_* bounds by
 * the service, so the message names the configured range).
 */
export class LineageQueryDto extends WalkQueryDto {
  @ApiPropertyOptional({ description: 'Typed node id (Marquez style)', example: 'datasetField:teradata://demo-warehouse:1025:mart_sales.customer_360:lifetime_value_eur' })
  @IsOptional()
  @IsString()
  @MaxLength(1200)
  nodeId?: string;

  @ApiPropertyOptional({ description: 'Namespace URI; optional when there is only one', example: 'teradata://demo-warehouse:1025' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  namespace?: string;

  @ApiPropertyOptional({ description: 'Dataset name `database.table`', example: 'mart_sales.customer_360' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  dataset?: string;

  @ApiPropertyOptional({ description: 'Field (column) name; without it the graph is table-level', example: 'lifetime_value_eur' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  field?: string;
}

/** Routes that name a dataset in the path and nothing else: only which namespace holds it. */
export class NamespaceQueryDto {
  @ApiPropertyOptional({
    description: 'Namespace URI (or id); optional when there is only one, or when only one holds the dataset',
    example: 'teradata://demo-warehouse:1025',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  namespace?: string;
}

/** Friendly graph routes carry dataset (and field) in the path. */
export class PathLineageQueryDto extends IntersectionType(NamespaceQueryDto, WalkQueryDto) {}

export class ImpactQueryDto extends LineageQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'Answer as JSON or CSV (one row per impacted node); without it, the Accept header decides' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

/** `fields=id,depth` (or the parameter repeated) as a list of names. */
function commaList({ value }: { value: unknown }): unknown {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
  return parts.map((p) => (typeof p === 'string' ? p.trim() : p));
}

function unknownFieldsMessage(args: ValidationArguments): string {
  const unknown = (Array.isArray(args.value) ? args.value : [args.value]).filter((v) => !(NODE_FIELDS as readonly unknown[]).includes(v));
  return `fields must be a comma-separated list of ${NODE_FIELDS.join(', ')}; unknown: ${unknown.map((u) => JSON.stringify(u)).join(', ')}`;
}

/** How a lineage graph answer is written: its format, and which node keys it keeps. */
export class GraphAnswerQueryDto {
  @ApiPropertyOptional({
    enum: GRAPH_FORMATS,
    default: 'json',
    description: 'json: one object per node and per edge. compact: every name once, nodes as columns, edges as [source, target, kind] integer triples (CompactLineageGraphDto; decoding it gives the json answer exactly).',
  })
  @IsOptional()
  @IsIn(GRAPH_FORMATS, { message: `format must be one of ${GRAPH_FORMATS.join(', ')}` })
  format?: GraphFormat;

  @ApiPropertyOptional({
    type: String,
    example: 'id,depth',
    description: `Node keys to keep, comma-separated, among ${NODE_FIELDS.join(', ')} (default: all). Keys left out are simply absent from each node; edges still name their ends by node id. In the compact format, leaving out depth drops nodes.depth.`,
  })
  @IsOptional()
  @Transform(commaList)
  @IsIn(NODE_FIELDS, { each: true, message: unknownFieldsMessage })
  fields?: NodeField[];
}

/** GET /lineage: the lineage query and how its answer is written. */
export class GraphQueryDto extends IntersectionType(LineageQueryDto, GraphAnswerQueryDto) {}

/** The friendly graph routes: dataset (and field) in the path, and how the answer is written. */
export class PathGraphQueryDto extends IntersectionType(PathLineageQueryDto, GraphAnswerQueryDto) {}

/** Column lineage: the friendly route's query, and an instant to compare with. */
export class ColumnGraphQueryDto extends PathGraphQueryDto {
  @AsOf(
    'compare',
    'Another instant to compare the lineage with (ISO 8601 date-time): the answer is both walks together, and a node or edge found at one instant only carries "diff": "added" (only at the later instant) or "removed" (only at the earlier one). format=json only.',
  )
  compare?: string;
}
