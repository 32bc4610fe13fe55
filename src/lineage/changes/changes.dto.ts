import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../dto/paging.dto.js';

/** GET /changes: a window, optionally one dataset (and field), paged; JSON or CSV. */
export class ChangesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Window start (inclusive), ISO 8601; default a week before until', example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date or date-time, e.g. 2026-11-01 or 2026-11-01T00:00:00Z' })
  since?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Window end (exclusive), ISO 8601; default now', example: '2026-11-08T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'until must be an ISO 8601 date or date-time, e.g. 2026-11-08 or 2026-11-08T00:00:00Z' })
  until?: string;

  @ApiPropertyOptional({ description: 'Namespace URI or id of the dataset; optional when only one holds it', example: 'teradata://demo-warehouse:1025' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  namespace?: string;

  @ApiPropertyOptional({ description: 'Only changes about this dataset `database.table`: edges from or into it, the dataset itself and its fields', example: 'mart_sales.daily_sales' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  dataset?: string;

  @ApiPropertyOptional({ description: 'With dataset: only edges from or into this field, and the field itself', example: 'net_amount_eur' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  field?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'JSON (one page) or CSV (every change of the window, up to 100,000 rows); without it, the Accept header decides' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

class ChangeEndpointDto {
  @ApiProperty({ example: 'teradata://demo-warehouse:1025' }) namespace: string;
  @ApiProperty({ example: 'mart_sales.daily_sales' }) dataset: string;
  @ApiProperty({ example: 'net_amount_eur' }) field: string;
}

class ChangedEdgeDto {
  @ApiProperty({ type: ChangeEndpointDto }) source: ChangeEndpointDto;
  @ApiProperty({ type: ChangeEndpointDto }) target: ChangeEndpointDto;
  @ApiProperty({ example: 'DIRECT' }) transformationType: string;
  @ApiProperty({ type: String, nullable: true, example: 'TRANSFORMATION' }) transformationSubtype: string | null;
}

class ChangedDatasetDto {
  @ApiProperty() namespace: string;
  @ApiProperty({ example: 'mart_sales.daily_sales' }) name: string;
}

class ChangeRunDto {
  @ApiProperty() runId: string;
  @ApiProperty({ type: String, nullable: true }) jobNamespace: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The job: a DBQL statement fingerprint or an OpenLineage job name' }) jobName: string | null;
}

class LineageChangeDto {
  @ApiProperty({ enum: ['added', 'removed'], description: 'added: it became true at `at`; removed: it stopped being true at `at`' }) change: 'added' | 'removed';
  @ApiProperty({ enum: ['edge', 'dataset', 'field'] }) item: 'edge' | 'dataset' | 'field';
  @ApiProperty({ format: 'date-time', description: 'The instant: the DBQL statement’s StartTime or the OpenLineage event’s eventTime' }) at: string;
  @ApiPropertyOptional({ type: ChangedEdgeDto, description: 'item edge: the column edge' }) edge?: ChangedEdgeDto;
  @ApiPropertyOptional({ type: ChangedDatasetDto, description: 'item dataset: the dataset' }) dataset?: ChangedDatasetDto;
  @ApiPropertyOptional({ type: ChangeEndpointDto, description: 'item field: the field' }) field?: ChangeEndpointDto;
  @ApiProperty({ type: ChangeRunDto, nullable: true, description: 'The run responsible (its statement or event); null when not known (history filled by the V0008 upgrade)' }) run: ChangeRunDto | null;
}

class ChangeTotalsDto {
  @ApiProperty() edgesAdded: number;
  @ApiProperty() edgesRemoved: number;
  @ApiProperty() datasetsAdded: number;
  @ApiProperty() datasetsRemoved: number;
  @ApiProperty() fieldsAdded: number;
  @ApiProperty() fieldsRemoved: number;
}

class ChangeNodeDto {
  @ApiProperty() namespace: string;
  @ApiProperty() dataset: string;
  @ApiPropertyOptional() field?: string;
}

export class LineageChangesDto {
  @ApiProperty({ format: 'date-time' }) since: string;
  @ApiProperty({ format: 'date-time' }) until: string;
  @ApiProperty({ type: ChangeNodeDto, nullable: true, description: 'The dataset (and field) the changes are about; null for the whole store' }) node: ChangeNodeDto | null;
  @ApiProperty({ type: ChangeTotalsDto, description: 'Every change of the window, counted by kind' }) totals: ChangeTotalsDto;
  @ApiProperty({ description: 'Changes in the window (all pages)' }) total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ type: [LineageChangeDto], description: 'One page of changes, oldest first' }) items: LineageChangeDto[];
}
