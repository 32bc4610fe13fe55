import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { QueryInteger } from '../../common/query-integer.js';

export { PageQueryDto };

export class DatasetSearchDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Case-insensitive search in database, table and column names (at least 2 characters)', example: 'customer' })
  @IsOptional()
  @IsString()
  @MinLength(2, { message: 'q must be at least 2 characters' })
  @MaxLength(128)
  q?: string;

  @ApiPropertyOptional({ description: 'Namespace URI or id', example: 'teradata://demo-warehouse:1025' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  namespace?: string;
}

/** GET /changes: a window, optionally around a dataset or a field of it, paged (JSON) or whole (CSV). */
export class ChangesQueryDto {
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-16T00:00:00Z', description: 'Start of the window (ISO 8601, inclusive); not before the history kept (LINEAGE_HISTORY_DAYS)' })
  @IsISO8601({ strict: true }, { message: 'since is required: an ISO 8601 date-time such as 2026-11-16T00:00:00Z' })
  @MaxLength(40)
  since: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', example: '2026-11-23T00:00:00Z', description: 'End of the window (ISO 8601, exclusive). Default: now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'until must be an ISO 8601 date-time such as 2026-11-23T00:00:00Z' })
  @MaxLength(40)
  until?: string;

  @ApiPropertyOptional({ description: 'Only what concerns this dataset (`database.table`): its edges either way, its fields, itself', example: 'mart_sales.v_sales_by_region' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  dataset?: string;

  @ApiPropertyOptional({ description: 'With dataset: only what concerns this field of it (its edges either way, itself)', example: 'net_amount_eur' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  field?: string;

  @ApiPropertyOptional({ description: 'Namespace URI (or id) of dataset; optional when only one holds it', example: 'teradata://demo-warehouse:1025' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  namespace?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100, description: 'Page size (JSON): at most this many changes' })
  @IsOptional()
  @Min(1)
  @Max(1000)
  @QueryInteger()
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0, description: 'Changes to skip before the page starts (JSON)' })
  @IsOptional()
  @Min(0)
  @QueryInteger()
  offset?: number;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'JSON (paged) or CSV (the whole window, one row per change); without it, the Accept header decides' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}
