import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { LineageQueryDto } from '../dto/lineage-query.dto.js';
import { EXPORT_FORMATS, type ExportFormat } from '../export-format.js';

/** The lineage query of GET /api/v2/openlineage/lineage, plus the export format and whether to download. */
export class ExportQueryDto extends LineageQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS, example: 'mermaid', description: 'Export format' })
  @IsIn(EXPORT_FORMATS, { message: `format must be one of: ${EXPORT_FORMATS.join(', ')}` })
  format: ExportFormat;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'true: answer with Content-Disposition: attachment; filename=lineage.<ext>' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value))
  @IsBoolean({ message: 'download must be true or false' })
  download?: boolean;
}
