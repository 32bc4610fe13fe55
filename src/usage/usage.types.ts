/** What the Usage module answers (issue 21): read models over the daily aggregates, under names of their own. */

/** The days a usage answer covers, both ends included ('YYYY-MM-DD'). */
export interface UsageWindow {
  readonly from: string;
  readonly to: string;
}

export interface UsageTotals {
  /** Statements that read it (a field: split below into projection and predicate reads). */
  readonly reads: number;
  readonly projectionReads?: number;
  readonly predicateReads?: number;
  readonly users: number;
  readonly applications: number;
  readonly clients: number;
  /** ISO time of the last read in the window; null when none. */
  readonly lastReadAt: string | null;
}

export interface UsageDay {
  readonly day: string;
  readonly reads: number;
  readonly users: number;
  readonly applications: number;
}

export interface UserReads {
  readonly user: string;
  readonly reads: number;
  readonly lastReadAt: string | null;
}

export interface ApplicationReads {
  readonly application: string;
  readonly reads: number;
  readonly users: number;
  readonly lastReadAt: string | null;
}

/** Usage of one dataset or field over a window. */
export interface NodeUsage {
  readonly nodeId: string;
  readonly namespace: string;
  readonly dataset: string;
  readonly field?: string;
  readonly window: UsageWindow;
  readonly totals: UsageTotals;
  /** Every day of the window, reads 0 on a day without any (a sparkline's points). */
  readonly days: UsageDay[];
  /** Most reading users first; absent when the caller may not see user names. */
  readonly topUsers?: UserReads[];
  readonly topApplications: ApplicationReads[];
  /** True when user names were withheld (the caller is no admin and its API key is not in USAGE_USER_KEYS). */
  readonly userNamesHidden: boolean;
}

export interface RankedUsage {
  readonly nodeId: string;
  readonly namespace: string;
  readonly dataset: string;
  readonly field?: string;
  readonly reads: number;
  readonly users: number;
  readonly applications: number;
  readonly lastReadAt: string | null;
}

export interface UnusedNode {
  readonly nodeId: string;
  readonly namespace: string;
  readonly dataset: string;
  readonly field?: string;
  readonly sourceType?: string;
  /** The last day anyone read it, null when never (since usage has been recorded). */
  readonly lastReadDay: string | null;
}

export interface Page<T> {
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly items: T[];
}

/** One node downstream of the changed field or dataset, with who reads it. */
export interface ImpactedUsage {
  readonly nodeId: string;
  readonly type: 'dataset' | 'datasetField';
  readonly namespace: string;
  readonly dataset: string;
  readonly field?: string;
  readonly depth: number;
  readonly reads: number;
  readonly users: number;
  readonly applications: number;
  readonly lastReadAt: string | null;
  readonly topUsers?: UserReads[];
  readonly topApplications: ApplicationReads[];
}

/** "Changing this column affects 14 columns in 6 tables read 3,400 times last week by 41 users in 3 applications." */
export interface WeightedImpact {
  readonly root: string;
  readonly window: UsageWindow;
  readonly maxDepth: number;
  readonly truncated: boolean;
  readonly totals: {
    readonly fields: number;
    readonly datasets: number;
    /** Reads of the impacted fields (of the impacted datasets for a table-level root) in the window. */
    readonly reads: number;
    readonly users: number;
    readonly applications: number;
    /** Impacted nodes read at least once in the window. */
    readonly readNodes: number;
  };
  readonly summary: string;
  readonly topUsers?: UserReads[];
  readonly topApplications: ApplicationReads[];
  readonly userNamesHidden: boolean;
  /** Most read first. */
  readonly nodes: ImpactedUsage[];
}

/** Which usage source population uses (USAGE_SOURCE) and what the store holds. */
export interface UsageStatus {
  readonly enabled: boolean;
  readonly source: 'parse' | 'dbqlobj' | 'auto';
  /** What population actually reads the columns from: parsing the SQL text, DBC.DBQLObjTbl, or nothing (usage off). */
  readonly sourceInUse: 'parse' | 'dbqlobj' | 'none';
  readonly description: string;
  readonly runsCounted: number;
  readonly countedUntil: string | null;
}
