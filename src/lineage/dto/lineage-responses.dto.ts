import { ApiProperty, type ApiPropertyOptions, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { TRANSFORMATION_SUBTYPES, TRANSFORMATION_TYPES } from '../../model/transformation.js';
import { NODE_FIELDS } from '../graph-format.js';

export class GraphNodeDto {
  @ApiProperty({ example: 'datasetField:teradata://demo-warehouse:1025:core.customer:customer_id' }) id: string;
  @ApiProperty({ enum: ['dataset', 'datasetField'] }) type: string;
  @ApiProperty({ example: 'teradata://demo-warehouse:1025' }) namespace: string;
  @ApiProperty({ example: 'core.customer' }) dataset: string;
  @ApiPropertyOptional({ example: 'customer_id', description: '`*` stands for the table as a whole (row-level lineage)' }) field?: string;
  @ApiProperty({ example: 1 }) depth: number;
  @ApiPropertyOptional({ enum: ['added', 'removed'], description: 'In a comparison (compare=) only: found at the later instant only (added) or at the earlier one only (removed); absent when at both' }) diff?: string;
}

/** A node of a json lineage graph: every key of GraphNodeDto, or those the `fields` parameter keeps (the others are absent). */
export class SelectedGraphNodeDto extends PartialType(GraphNodeDto) {}

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
  @ApiPropertyOptional({ enum: ['added', 'removed'], description: 'In a comparison (compare=) only: found at the later instant only (added) or at the earlier one only (removed); absent when at both' }) diff?: string;
}

export class LineageGraphDto {
  @ApiProperty() root: string;
  @ApiProperty({ enum: ['upstream', 'downstream', 'both'] }) direction: string;
  @ApiProperty({ example: 5 }) maxDepth: number;
  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-18T09:00:00.000Z', description: 'The instant the graph describes, to the second, when asOf was given (absent: the present)' }) asOf?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'In a comparison (compare=): the other instant; nodes and edges found at one instant only carry diff' }) compare?: string;
  @ApiProperty({ type: [SelectedGraphNodeDto], description: 'The nodes, root first; each with every key, or those `fields` keeps' }) nodes: SelectedGraphNodeDto[];
  @ApiProperty({ type: [GraphEdgeDto] }) edges: GraphEdgeDto[];
  @ApiProperty({ description: 'True when LINEAGE_NODE_CAP cut the walk short' }) truncated: boolean;
}

export class CompactDatasetsDto {
  @ApiProperty({ type: [Number], example: [0, 0], description: 'Per dataset, its namespace (index into namespaces)' }) namespace: number[];
  @ApiProperty({ type: [String], example: ['mart_sales.daily_sales', 'core.sales_order'], description: 'Per dataset, its name `database.table`' }) name: string[];
}

export class CompactNodesDto {
  @ApiProperty({ type: [Number], example: [0, 1, 1], description: 'Per node (by position), its dataset (index into datasets)' }) dataset: number[];
  @ApiPropertyOptional({ type: [String], example: ['net_amount_eur', 'amount', '*'], description: 'Per node, its field: column graphs (nodeType datasetField) only' }) field?: string[];
  @ApiPropertyOptional({ type: [Number], example: [0, 1, 1], description: 'Per node, hops from the root; absent when fields leaves depth out' }) depth?: number[];
}

/**
 * The compact answer (format=compact): each name once, nodes as columns,
 * edges as integer triples. The user guide shows a decoder; decoding gives
 * the json answer byte for byte.
 */
export class CompactLineageGraphDto {
  @ApiProperty({ enum: ['compact'] }) format: string;
  @ApiProperty() root: string;
  @ApiProperty({ enum: ['upstream', 'downstream', 'both'] }) direction: string;
  @ApiProperty({ example: 5 }) maxDepth: number;
  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-18T09:00:00.000Z', description: 'The instant the graph describes, to the second, when asOf was given (absent: the present)' }) asOf?: string;
  @ApiProperty({ type: [String], enum: NODE_FIELDS, description: 'The node keys the json answer to the same query carries, in order' }) fields: string[];
  @ApiProperty({ enum: ['dataset', 'datasetField'], description: 'The type of every node: datasetField (column lineage) or dataset (table lineage). A node id is `<nodeType>:<namespace>:<dataset>[:<field>]`' }) nodeType: string;
  @ApiProperty({ type: [String], example: ['teradata://demo-warehouse:1025'] }) namespaces: string[];
  @ApiProperty({ type: CompactDatasetsDto }) datasets: CompactDatasetsDto;
  @ApiProperty({ type: CompactNodesDto, description: 'Nodes as columns; node i is the i-th entry of each. Node 0 is the root.' }) nodes: CompactNodesDto;
  @ApiProperty({ type: [String], example: TRANSFORMATION_TYPES, description: 'Code table of transformation types (edgeKinds[k][0] indexes it)' }) transformationTypes: string[];
  @ApiProperty({ type: [String], example: TRANSFORMATION_SUBTYPES, description: 'Code table of transformation subtypes (edgeKinds[k][1] indexes it); subtypes outside the vocabulary are appended' }) transformationSubtypes: string[];
  @ApiProperty({ type: [String], example: ['SUM(amount)'], description: 'Edge descriptions (edgeKinds[k][2] indexes it)' }) strings: string[];
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { oneOf: [{ type: 'number' }, { type: 'boolean' }], nullable: true }, minItems: 5, maxItems: 5 },
    example: [[0, 2, 0, 0.95, false]],
    description: 'Edge kinds: [type, subtype, description, confidence, masking]; null where the json edge has no such key',
  })
  edgeKinds: unknown[][];
  @ApiProperty({ type: [Number], example: [1, 0, 0], description: 'Flat triples [source, target, kind]: source and target are node positions, kind indexes edgeKinds' }) edges: number[];
  @ApiProperty({ description: 'True when LINEAGE_NODE_CAP cut the walk short' }) truncated: boolean;
}

export class NamespaceDto {
  @ApiProperty({ example: 'teradata://demo-warehouse:1025' }) namespaceId: string;
  @ApiProperty({ example: 'teradata://demo-warehouse:1025' }) namespaceUri: string;
  @ApiProperty({ type: String, nullable: true, description: 'From the namespace row; null when none was given' }) description: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2-0-2', description: 'OpenLineage spec version of the events that brought the namespace; null for mined ones' }) specVersion: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) createdAt?: Date | string | null;
}

export class NamespacesDto {
  @ApiProperty({ type: [NamespaceDto] }) namespaces: NamespaceDto[];
}

export class DatasetSummaryDto {
  @ApiProperty({ example: 'teradata://demo-warehouse:1025/core.customer' }) datasetId: string;
  @ApiProperty() namespace: string;
  @ApiProperty({ example: 'core.customer' }) name: string;
  @ApiProperty({ type: String, nullable: true, example: 'TABLE', description: 'TABLE, VIEW… ; null when unknown' }) sourceType: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Table comment; null when none' }) description: string | null;
  @ApiPropertyOptional({ type: 'integer', example: 18 }) fieldCount?: number;
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
  @ApiProperty({ type: String, nullable: true, example: 'INTEGER', description: 'Column type; null when unknown (a field seen only in lineage)' }) type: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Column comment; null when none' }) description: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 1, description: 'Position in the table; null when unknown' }) ordinal: number | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Whether the column accepts NULL; null when unknown' }) nullable: boolean | null;
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
  @ApiPropertyOptional({ format: 'date-time', description: 'The instant the analysis describes, to the second, when asOf was given (absent: the present)' }) asOf?: string;
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
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'SQL' }) jobType: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) updatedAt?: Date | string | null;
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
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Time of the latest event (or statement); null when unknown' }) eventTime: Date | string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The producer URI of ingested events; null for mined runs' }) producer: string | null;
}

export class RunPageDto {
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ type: [RunDto] }) items: RunDto[];
}

/** `details` of an error body: the pipe's one message per parameter, or an OpenLineage event's violations by JSON path. */
export const ERROR_DETAILS: ApiPropertyOptions = {
  type: 'array',
  description: 'Every problem found: one message per invalid parameter, or one { path, message } per violation of a refused OpenLineage event',
  items: {
    oneOf: [
      { type: 'string' },
      { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string', description: 'JSON pointer into the body' }, message: { type: 'string' } } },
    ],
  },
};

/** Every error answer of the API: `{ statusCode, code, message, details?, requestId }`. */
export class ErrorDto {
  @ApiProperty({ type: 'integer', example: 400, description: 'The HTTP status, repeated' }) statusCode: number;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'What kind of mistake (see the user guide, "Error codes")' }) code: string;
  @ApiProperty({ example: 'maxDepth must be between 1 and 20, got 50' }) message: string;
  @ApiPropertyOptional(ERROR_DETAILS) details?: unknown[];
  @ApiProperty({ example: '6c1f2a0e-…', description: 'The X-Request-Id of the request (echoed back as a header)' }) requestId: string;
}

/** What every /api route answers past its rate limit (RATE_LIMIT_MAX per RATE_LIMIT_TTL_SECONDS per client): `@ApiTooManyRequestsResponse(RATE_LIMITED)`. */
export const RATE_LIMITED = {
  type: ErrorDto,
  description: 'Too many requests from this client (RATE_LIMIT_MAX per RATE_LIMIT_TTL_SECONDS): code RATE_LIMITED; Retry-After says when to come back',
  headers: { 'Retry-After': { description: 'Seconds until the window resets', schema: { type: 'integer' as const } } },
};

export class ChangeRunDto {
  @ApiProperty({ example: 'dbql_3f0c…' }) runId: string;
  @ApiProperty({ type: String, nullable: true }) jobId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'REPLACE VIEW mart_sales.v_sales_by_region #3fa2c1d09b7e', description: "The job's name: for a DBQL statement, its first words and fingerprint" }) jobName: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "When the run's statement or event happened" }) eventTime: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'urn:lineage:population:dbql' }) producer: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The start of the statement's SQL (DBQL, view definitions) or the job's description (at most 300 characters)" }) statement: string | null;
}

export class ChangeEndDto {
  @ApiProperty() namespace: string;
  @ApiProperty() dataset: string;
  @ApiProperty() field: string;
  @ApiProperty() nodeId: string;
}

export class LineageChangeDto {
  @ApiProperty({ format: 'date-time', description: 'When it began (added) or ended (removed): the responsible statement or event time' }) at: string;
  @ApiProperty({ enum: ['added', 'removed'] }) change: string;
  @ApiProperty({ enum: ['edge', 'dataset', 'field'] }) kind: string;
  @ApiProperty({ description: "The dataset's or field's node id; an edge's target field's" }) nodeId: string;
  @ApiProperty({ description: "The dataset's or field's namespace; an edge's target's" }) namespace: string;
  @ApiProperty({ example: 'mart_sales.v_sales_by_region' }) dataset: string;
  @ApiPropertyOptional({ example: 'net_amount_eur', description: 'A field, or an edge’s target field' }) field?: string;
  @ApiPropertyOptional({ type: ChangeEndDto, description: "An edge's source" }) source?: ChangeEndDto;
  @ApiPropertyOptional({ enum: TRANSFORMATION_TYPES }) transformationType?: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'AGGREGATION' }) transformationSubtype?: string | null;
  @ApiProperty({ type: ChangeRunDto, nullable: true, description: 'The run (DBQL statement, OpenLineage run, view definition) that made the change; null when not known (history the V0008 upgrade dated)' }) run: ChangeRunDto | null;
}

export class ChangeCountsDto {
  @ApiProperty() added: number;
  @ApiProperty() removed: number;
}

export class ChangeSummaryDto {
  @ApiProperty({ type: ChangeCountsDto }) edges: ChangeCountsDto;
  @ApiProperty({ type: ChangeCountsDto }) datasets: ChangeCountsDto;
  @ApiProperty({ type: ChangeCountsDto }) fields: ChangeCountsDto;
}

export class ChangesPageDto {
  @ApiProperty({ format: 'date-time' }) since: string;
  @ApiProperty({ format: 'date-time' }) until: string;
  @ApiProperty({ description: 'Changes in the window (after the dataset and field filters)' }) total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ type: ChangeSummaryDto, description: 'Changes in the window by kind (the whole window, not only this page)' }) summary: ChangeSummaryDto;
  @ApiProperty({ type: [LineageChangeDto], description: 'Oldest first; at one instant, removals before additions' }) items: LineageChangeDto[];
}
