import { IsIn, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { QueryInteger } from '../../common/query-integer.js';
import { AdminNodeQueryDto } from '../admin-node-query.dto.js';

/** The explorer's GET form and node links; depth bounds are checked against LineageConfig by the presenter's caller. */
export class ExplorerQueryDto extends AdminNodeQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @IsIn(['upstream', 'downstream', 'both'])
  direction?: 'upstream' | 'downstream' | 'both';

  @IsOptional()
  @Min(1)
  @QueryInteger()
  depth?: number;

  /** The lineage as it was on this date (midnight UTC) or at this instant (ISO 8601); empty: now. */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  asOf?: string;

  /** Another date or instant to compare with: links only at one of the two are marked added or removed. */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  compare?: string;

  /** Interactive view state, read by public/js/explorer.js (the server only carries it): hidden transformation types/subtypes, comma-separated. */
  @IsOptional()
  @IsString()
  @MaxLength(300)
  hide?: string;

  /** Interactive view state: `database` groups tables by database. */
  @IsOptional()
  @IsIn(['database', 'none'])
  group?: 'database' | 'none';

  /** Interactive view state: the selected node id. */
  @IsOptional()
  @IsString()
  @MaxLength(1200)
  select?: string;
}

/** The detail panel's question: a dataset, or one of its fields. */
export class ExplorerDetailQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(512)
  ns?: string;

  @IsString()
  @MaxLength(256)
  dataset: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  field?: string;
}

export class ExplorerExportQueryDto extends ExplorerQueryDto {
  @IsString()
  @MaxLength(32)
  format: string;
}
