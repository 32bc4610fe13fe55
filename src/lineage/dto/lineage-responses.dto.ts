import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TRANSFORMATION_TYPES } from '../../model/transformation.js';

export class GraphNodeDto {
  @ApiProperty({ example: 'datasetField:teradata://demo-warehouse:1025:core.customer:customer_id' }) id: string;
  @ApiProperty({ enum: ['dataset', 'datasetField'] }) type: string;
  @ApiProperty({ example: 'teradata://demo-warehouse:1025' }) namespace: string;
  @ApiProperty({ example: 'core.customer' }) dataset: string;
  @ApiPropertyOptional({ example: 'customer_id', description: '`*` stands for the table as a whole (row-level lineage)' }) field?: string;
  @ApiProperty({ example: 1 }) depth: number;
}

export class GraphEdgeDto {
  @ApiProperty({ description: 'Node id of the source (see nodes)' }) source: string;
  @ApiProperty({ description: 'Node id of the target (see nodes)' }) target: string;
  @ApiProperty({ enum: TRANSFORMATION_TYPES }) transformationType: string;
  @ApiProperty({
    example: 'IDENTITY',
    description:
      'DIRECT: IDENTITY, TRANSFORMATION, AGGREGATION. INDIRECT: JOIN, FILTER, GROUP_BY, SORT, WINDOW, CONDITIONAL, and ROW_LEVEL — ' +
      "the link an upstream walk adds from a table's `*` field (what decides its rows: filters, joins) to each of its columns. " +
      'Ingested events may bring other values.',
  })
  transformationSubtype: string;
  @ApiPropertyOptional({ example: 'copied unchanged' }) description?: string;
  @ApiPropertyOptional({ example: 1 }) confidence?: number;
  @ApiPropertyOptional() masking?: boolean;
}

export class LineageGraphDto {
  @ApiProperty() root: string;
  @ApiProperty({ enum: ['upstream', 'downstream', 'both'] }) direction: string;
  @ApiProperty({ example: 5 }) maxDepth: number;
  @ApiProperty({ type: [GraphNodeDto] }) nodes: GraphNodeDto[];
  @ApiProperty({ type: [GraphEdgeDto] }) edges: GraphEdgeDto[];
  @ApiProperty({ description: 'True when LINEAGE_NODE_CAP cut the walk short' }) truncated: boolean;
}

export class NamespaceDto {
  @ApiProperty({ example: 'teradata://demo-warehouse:1025' }) namespaceId: string;
  @ApiProperty({ example: 'teradata://demo-warehouse:1025' }) namespaceUri: string;
  @ApiPropertyOptional() description?: string | null;
  @ApiPropertyOptional({ example: '2-0-2' }) specVersion?: string | null;
}

export class NamespacesDto {
  @ApiProperty({ type: [NamespaceDto] }) namespaces: NamespaceDto[];
}

export class DatasetSummaryDto {
  @ApiProperty({ example: 'teradata://demo-warehouse:1025/core.customer' }) datasetId: string;
  @ApiProperty() namespace: string;
  @ApiProperty({ example: 'core.customer' }) name: string;
  @ApiPropertyOptional({ example: 'TABLE' }) sourceType?: string | null;
  @ApiPropertyOptional() description?: string | null;
  @ApiPropertyOptional({ example: 18 }) fieldCount?: number;
  @ApiProperty({ example: 'dataset:teradata://demo-warehouse:1025:core.customer' }) nodeId: string;
}

export class DatasetPageDto {
  @ApiProperty({ example: 120 }) total: number;
  @ApiProperty({ example: 50 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
  @ApiProperty({ type: [DatasetSummaryDto] }) items: DatasetSummaryDto[];
}

export class FieldDto {
  @ApiProperty({ example: 'customer_id' }) name: string;
  @ApiPropertyOptional({ example: 'INTEGER' }) type?: string | null;
  @ApiPropertyOptional() description?: string | null;
  @ApiPropertyOptional({ example: 1 }) ordinal?: number | null;
  @ApiPropertyOptional() nullable?: boolean | null;
  @ApiProperty() nodeId: string;
}

export class DatasetDetailDto extends DatasetSummaryDto {
  @ApiProperty({ type: [FieldDto] }) fields: FieldDto[];
  @ApiProperty({ example: 3, description: 'Datasets this one is written from' }) upstreamDatasets: number;
  @ApiProperty({ example: 2, description: 'Datasets written from this one' }) downstreamDatasets: number;
}

export class ImpactTotalDto {
  @ApiProperty() key: string;
  @ApiProperty() count: number;
}

export class ImpactDto {
  @ApiProperty() root: string;
  @ApiProperty() maxDepth: number;
  @ApiProperty() truncated: boolean;
  @ApiProperty({ example: 42 }) total: number;
  @ApiProperty({ type: [ImpactTotalDto], description: 'Impacted nodes per depth' }) byDepth: ImpactTotalDto[];
  @ApiProperty({ type: [ImpactTotalDto], description: 'Impacted nodes per database' }) byDatabase: ImpactTotalDto[];
  @ApiProperty({ type: [GraphNodeDto] }) nodes: GraphNodeDto[];
}

export class JobDto {
  @ApiProperty() jobId: string;
  @ApiProperty() namespaceId: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional() description?: string | null;
  @ApiPropertyOptional({ example: 'SQL' }) jobType?: string | null;
}

export class JobPageDto {
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ type: [JobDto] }) items: JobDto[];
}

export class RunDto {
  @ApiProperty() runId: string;
  @ApiProperty() jobId: string;
  @ApiProperty({ example: 'COMPLETE' }) eventType: string;
  @ApiPropertyOptional() eventTime?: Date | null;
  @ApiPropertyOptional() producer?: string | null;
}

export class RunPageDto {
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ type: [RunDto] }) items: RunDto[];
}

export class ErrorDto {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'LINEAGE_INVALID_QUERY' }) code: string;
  @ApiProperty({ example: 'maxDepth must be between 1 and 20' }) message: string;
  @ApiPropertyOptional() details?: unknown;
  @ApiProperty({ example: '6c1f2a0e-…' }) requestId: string;
}
