import { IsIn, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { QueryInteger } from '../../common/query-integer.js';

/** The explorer's GET form and node links; depth bounds are checked against LineageConfig by the presenter's caller. */
export class ExplorerQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  ns?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  dataset?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  field?: string;

  @IsOptional()
  @IsIn(['upstream', 'downstream', 'both'])
  direction?: 'upstream' | 'downstream' | 'both';

  @IsOptional()
  @Min(1)
  @QueryInteger()
  depth?: number;
}

export class ExplorerExportQueryDto extends ExplorerQueryDto {
  @IsString()
  @MaxLength(32)
  format: string;
}
