import { PageQueryDto } from '../../common/page-query.dto.js';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { QueryInteger } from '../../common/query-integer.js';

const DAYS_DESCRIPTION = 'Days in the window, ending on `to` (both included)';
const TO_DESCRIPTION = 'Last day of the window, YYYY-MM-DD (DBQL’s clock); default: the newest day usage was recorded for';
export const USAGE_LEVELS = ['dataset', 'field'] as const;

/** A usage window: `days` days ending on `to`. */
export class UsageWindowQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 3650, description: `${DAYS_DESCRIPTION}; default 30`, example: 30 })
  @IsOptional()
  @Min(1)
  @Max(3650)
  @QueryInteger()
  days?: number;

  @ApiPropertyOptional({ description: TO_DESCRIPTION, example: '2026-11-30' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a day written YYYY-MM-DD' })
  to?: string;
}

/** Usage of a dataset or field named in the path. */
export class NodeUsageQueryDto extends UsageWindowQueryDto {
  @ApiPropertyOptional({ description: 'Namespace URI (or id); optional when only one holds the dataset', example: 'teradata://demo-warehouse:1025' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  namespace?: string;
}

/** A ranked or filtered list of datasets or fields, paged. */
export class UsageListQueryDto extends IntersectionType(UsageWindowQueryDto, PageQueryDto) {
  @ApiPropertyOptional({ enum: USAGE_LEVELS, default: 'dataset', description: 'Rank datasets or fields' })
  @IsOptional()
  @IsIn(USAGE_LEVELS, { message: 'level must be dataset or field' })
  level?: 'dataset' | 'field';
}

/** Usage-weighted impact of a change to a field (or dataset). */
export class WeightedImpactQueryDto extends UsageWindowQueryDto {
  @ApiPropertyOptional({ description: 'Namespace URI; optional when there is only one', example: 'teradata://demo-warehouse:1025' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  namespace?: string;

  @ApiProperty({ description: 'Dataset name `database.table`', example: 'core.customer' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  dataset: string;

  @ApiPropertyOptional({ description: 'Field (column) name; without it the impact is table-level', example: 'customer_id' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  field?: string;

  @ApiPropertyOptional({ type: 'integer', description: 'Hops to follow downstream (VALIDATION_* bounds)', example: 5 })
  @IsOptional()
  @QueryInteger()
  maxDepth?: number;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'Answer as JSON or CSV (one row per impacted node); without it, the Accept header decides' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}
