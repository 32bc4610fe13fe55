/** What changed in lineage over a window (GET /api/v2/openlineage/changes). */
export type ChangeKind = 'added' | 'removed';
export type ChangedItem = 'edge' | 'dataset' | 'field';

export interface ChangeEndpoint {
  readonly namespace: string;
  readonly dataset: string;
  readonly field: string;
}

export interface LineageChange {
  readonly change: ChangeKind;
  readonly item: ChangedItem;
  /** When it became true (added) or stopped being true (removed): the statement's StartTime or the event's eventTime. */
  readonly at: string;
  readonly edge?: { readonly source: ChangeEndpoint; readonly target: ChangeEndpoint; readonly transformationType: string; readonly transformationSubtype: string | null };
  readonly dataset?: { readonly namespace: string; readonly name: string };
  readonly field?: ChangeEndpoint;
  /** The run responsible (the DBQL statement's run or the event's), with its job; null when unknown (filled by the V0008 upgrade). */
  readonly run: { readonly runId: string; readonly jobNamespace: string | null; readonly jobName: string | null } | null;
}

export interface ChangeTotals {
  readonly edgesAdded: number;
  readonly edgesRemoved: number;
  readonly datasetsAdded: number;
  readonly datasetsRemoved: number;
  readonly fieldsAdded: number;
  readonly fieldsRemoved: number;
}

export interface LineageChanges {
  readonly since: string;
  readonly until: string;
  /** The dataset (and field) the changes were filtered on, when one was given. */
  readonly node: { readonly namespace: string; readonly dataset: string; readonly field?: string } | null;
  readonly totals: ChangeTotals;
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly items: LineageChange[];
}
