import { IsOptional, IsString, MaxLength } from 'class-validator';

/** A node named in an admin page's query string: namespace (`ns`), dataset, and field for a column. */
export class AdminNodeQueryDto {
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
}
