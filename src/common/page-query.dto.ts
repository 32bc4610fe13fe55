import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Max, Min } from 'class-validator';
import { QueryInteger } from './query-integer.js';

/** `limit` and `offset` of every paged route (lineage, usage): at most 500 items a page. */
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
