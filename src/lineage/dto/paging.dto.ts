import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { QueryInteger } from '../../common/query-integer.js';

export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Page size: at most this many items' })
  @IsOptional()
  @Min(1)
  @Max(500)
  @QueryInteger()
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0, description: 'Items to skip before the page starts' })
  @IsOptional()
  @Min(0)
  @QueryInteger()
  offset?: number;
}

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
