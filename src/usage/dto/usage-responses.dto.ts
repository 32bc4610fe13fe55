import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Answers of /api/v2/usage (issue 21); the shapes of usage.types.ts. */

export class UsageWindowDto {
  @ApiProperty({ example: '2026-11-01', description: 'First day (YYYY-MM-DD)' }) from: string;
  @ApiProperty({ example: '2026-11-30', description: 'Last day (YYYY-MM-DD)' }) to: string;
}

export class UsageTotalsDto {
  @ApiProperty({ example: 3400, description: 'Statements that read it in the window' }) reads: number;
  @ApiPropertyOptional({ example: 3100, description: 'Field only: reads in what a statement returns or writes' }) projectionReads?: number;
  @ApiPropertyOptional({ example: 900, description: 'Field only: reads in WHERE, JOIN, GROUP BY, ORDER BY, HAVING, QUALIFY' }) predicateReads?: number;
  @ApiProperty({ example: 41 }) users: number;
  @ApiProperty({ example: 3, description: 'Distinct DBQL AppIDs' }) applications: number;
  @ApiProperty({ example: 12, description: 'Distinct DBQL ClientIDs' }) clients: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastReadAt: string | null;
}

export class UsageDayDto {
  @ApiProperty({ example: '2026-11-30' }) day: string;
  @ApiProperty() reads: number;
  @ApiProperty() users: number;
  @ApiProperty() applications: number;
}

export class UserReadsDto {
  @ApiProperty({ example: 'ANNA' }) user: string;
  @ApiProperty() reads: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastReadAt: string | null;
}

export class ApplicationReadsDto {
  @ApiProperty({ example: 'TABLEAU' }) application: string;
  @ApiProperty() reads: number;
  @ApiProperty() users: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastReadAt: string | null;
}

const HIDDEN = 'Present only for admins and API keys in USAGE_USER_KEYS (userNamesHidden false)';

export class NodeUsageDto {
  @ApiProperty({ example: 'datasetField:teradata://demo-warehouse:1025:core.customer:customer_id' }) nodeId: string;
  @ApiProperty() namespace: string;
  @ApiProperty() dataset: string;
  @ApiPropertyOptional() field?: string;
  @ApiProperty({ type: UsageWindowDto }) window: UsageWindowDto;
  @ApiProperty({ type: UsageTotalsDto }) totals: UsageTotalsDto;
  @ApiProperty({ type: [UsageDayDto], description: 'Every day of the window (0 reads on a day without any): a sparkline’s points' }) days: UsageDayDto[];
  @ApiPropertyOptional({ type: [UserReadsDto], description: `Most reading users first. ${HIDDEN}` }) topUsers?: UserReadsDto[];
  @ApiProperty({ type: [ApplicationReadsDto] }) topApplications: ApplicationReadsDto[];
  @ApiProperty({ description: 'True when user names were withheld from this caller' }) userNamesHidden: boolean;
}

export class RankedUsageDto {
  @ApiProperty() nodeId: string;
  @ApiProperty() namespace: string;
  @ApiProperty() dataset: string;
  @ApiPropertyOptional() field?: string;
  @ApiProperty() reads: number;
  @ApiProperty() users: number;
  @ApiProperty() applications: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastReadAt: string | null;
}

export class RankedUsagePageDto {
  @ApiProperty({ type: UsageWindowDto }) window: UsageWindowDto;
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ type: [RankedUsageDto], description: 'Most read first' }) items: RankedUsageDto[];
}

export class UnusedNodeDto {
  @ApiProperty() nodeId: string;
  @ApiProperty() namespace: string;
  @ApiProperty() dataset: string;
  @ApiPropertyOptional() field?: string;
  @ApiPropertyOptional({ example: 'TABLE' }) sourceType?: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-08-02', description: 'Last day anyone read it; null when never since usage is recorded' }) lastReadDay: string | null;
}

export class UnusedPageDto {
  @ApiProperty({ type: UsageWindowDto, description: 'Not read in this window (default USAGE_UNUSED_DAYS days)' }) window: UsageWindowDto;
  @ApiProperty({ description: 'True when more candidates existed than one answer checks (5,000)' }) truncated: boolean;
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ type: [UnusedNodeDto], description: 'Not read in the window and nothing downstream read either, by name' }) items: UnusedNodeDto[];
}

export class ImpactedUsageDto {
  @ApiProperty() nodeId: string;
  @ApiProperty({ enum: ['dataset', 'datasetField'] }) type: string;
  @ApiProperty() namespace: string;
  @ApiProperty() dataset: string;
  @ApiPropertyOptional() field?: string;
  @ApiProperty({ description: 'Hops from the changed node' }) depth: number;
  @ApiProperty() reads: number;
  @ApiProperty() users: number;
  @ApiProperty() applications: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastReadAt: string | null;
  @ApiPropertyOptional({ type: [UserReadsDto], description: HIDDEN }) topUsers?: UserReadsDto[];
  @ApiProperty({ type: [ApplicationReadsDto] }) topApplications: ApplicationReadsDto[];
}

export class WeightedImpactTotalsDto {
  @ApiProperty({ example: 14 }) fields: number;
  @ApiProperty({ example: 6 }) datasets: number;
  @ApiProperty({ example: 3400, description: 'Reads of the impacted fields (datasets for a table-level root) in the window' }) reads: number;
  @ApiProperty({ example: 41 }) users: number;
  @ApiProperty({ example: 3 }) applications: number;
  @ApiProperty({ description: 'Impacted nodes read at least once in the window' }) readNodes: number;
}

export class WeightedImpactDto {
  @ApiProperty() root: string;
  @ApiProperty({ type: UsageWindowDto, description: 'Default: the last 7 days with usage' }) window: UsageWindowDto;
  @ApiProperty() maxDepth: number;
  @ApiProperty() truncated: boolean;
  @ApiProperty({ type: WeightedImpactTotalsDto }) totals: WeightedImpactTotalsDto;
  @ApiProperty({ example: 'Changing core.customer.customer_id affects 14 columns in 6 tables, read 3,400 times from … by 41 users in 3 applications.' }) summary: string;
  @ApiPropertyOptional({ type: [UserReadsDto], description: HIDDEN }) topUsers?: UserReadsDto[];
  @ApiProperty({ type: [ApplicationReadsDto] }) topApplications: ApplicationReadsDto[];
  @ApiProperty() userNamesHidden: boolean;
  @ApiProperty({ type: [ImpactedUsageDto], description: 'Everything downstream, most read first' }) nodes: ImpactedUsageDto[];
}
