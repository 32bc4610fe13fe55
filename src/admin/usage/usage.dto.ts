import { IsIn, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { QueryInteger } from '../../common/query-integer.js';
import { AdminNodeQueryDto } from '../admin-node-query.dto.js';

/** The unused report's GET form. */
export class AdminUnusedQueryDto {
  @IsOptional()
  @IsIn(['dataset', 'field'])
  level?: 'dataset' | 'field';

  @IsOptional()
  @Min(1)
  @Max(3650)
  @QueryInteger()
  days?: number;

  @IsOptional()
  @Min(1)
  @QueryInteger()
  page?: number;
}

/** The weighted impact view's GET form, and the explorer panel's usage query. */
export class AdminUsageNodeQueryDto extends AdminNodeQueryDto {
  @IsOptional()
  @Min(1)
  @Max(3650)
  @QueryInteger()
  days?: number;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  to?: string;
}
