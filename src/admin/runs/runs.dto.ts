import { IsIn, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { QueryInteger } from '../../common/query-integer.js';

const DATETIME_LOCAL = /^$|^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** The "start a run" form. Times are `<input type="datetime-local">` values read as UTC. */
export class StartRunFormDto {
  @IsIn(['dbql', 'views', 'fixtures'])
  method: 'dbql' | 'views' | 'fixtures';

  @IsOptional()
  @Matches(DATETIME_LOCAL, { message: 'since must be a date and time (YYYY-MM-DDTHH:MM)' })
  since?: string;

  @IsOptional()
  @Matches(DATETIME_LOCAL, { message: 'until must be a date and time (YYYY-MM-DDTHH:MM)' })
  until?: string;

  @IsOptional()
  @IsIn(['on', 'true', '1'])
  dryRun?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  _csrf?: string;
}

export class RunsListQueryDto {
  @IsOptional()
  @Min(1)
  @Max(100_000)
  @QueryInteger()
  page?: number;
}

export class RunDetailQueryDto extends RunsListQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @IsIn(['1'])
  started?: string;
}
