import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, type ValidationArguments } from 'class-validator';
import { TRANSFORMATION_TYPES, type TransformationType } from '../../model/transformation.js';
import { GRAPH_FORMATS, type GraphFormat, NODE_FIELDS, type NodeField } from '../graph-format.js';
import type { LineageDirection } from '../lineage.types.js';
import { QueryInteger } from '../../common/query-integer.js';

export const DIRECTIONS = ['upstream', 'downstream', 'both'] as const;

/**
 * What a lineage graph is asked for: a typed node id, or a dataset (and
 * field) name; direction; depth (checked against the VALIDATION_* bounds by
 * the service, so the message names the configured range).
 */
export class LineageQueryDto {
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

  @ApiPropertyOptional({ enum: DIRECTIONS, default: 'both' })
  @IsOptional()
  @IsIn(DIRECTIONS, { message: 'direction must be one of upstream, downstream, both' })
  direction?: LineageDirection;

  @ApiPropertyOptional({ description: 'Hops to follow; bounds from VALIDATION_MIN_MAX_DEPTH..VALIDATION_MAX_DEPTH_LIMIT, default VALIDATION_DEFAULT_MAX_DEPTH', example: 5 })
  @IsOptional()
  @QueryInteger()
  maxDepth?: number;

  @ApiPropertyOptional({ enum: TRANSFORMATION_TYPES, description: 'Only edges of this transformation type' })
  @IsOptional()
  @IsIn(TRANSFORMATION_TYPES, { message: 'transformationType must be DIRECT or INDIRECT' })
  transformationType?: TransformationType;
}

/** Friendly routes carry dataset (and field) in the path. */
export class PathLineageQueryDto {
  @ApiPropertyOptional({ description: 'Namespace URI; optional when there is only one' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  namespace?: string;

  @ApiPropertyOptional({ enum: DIRECTIONS, default: 'both' })
  @IsOptional()
  @IsIn(DIRECTIONS, { message: 'direction must be one of upstream, downstream, both' })
  direction?: LineageDirection;

  @ApiPropertyOptional({ example: 5 })
  @IsOptional()
  @QueryInteger()
  maxDepth?: number;

  @ApiPropertyOptional({ enum: TRANSFORMATION_TYPES })
  @IsOptional()
  @IsIn(TRANSFORMATION_TYPES, { message: 'transformationType must be DIRECT or INDIRECT' })
  transformationType?: TransformationType;
}

export class ImpactQueryDto extends LineageQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
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
