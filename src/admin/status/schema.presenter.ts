import type { SchemaSetupView, SchemaStatusView } from '../admin.sources.js';
import { type Badge, formatDateTime } from '../view-format.js';

export interface SchemaPageView {
  readonly title: string;
  readonly engine: string;
  readonly version: string;
  readonly badge: Badge;
  readonly tables: readonly { name: string; badge: Badge }[];
  readonly applied: readonly { version: string; description: string; appliedAt: string }[];
  readonly pending: readonly { version: string; description: string }[];
  readonly canApply: boolean;
  readonly ddl: string;
  readonly result: { readonly message: string; readonly tone: Badge['tone'] } | null;
  /** Column usage (issue 21): which source population reads the columns SELECTs read from. */
  readonly usage: { readonly badge: Badge; readonly source: string; readonly message: string; readonly countedUntil: string } | null;
}

/** What the schema page says about column usage. */
export interface UsageStatusView {
  readonly enabled: boolean;
  readonly source: string;
  readonly sourceInUse: 'parse' | 'dbqlobj' | 'none';
  readonly description: string;
  readonly countedUntil: string | null;
}

function presentUsage(usage: UsageStatusView | null): SchemaPageView['usage'] {
  if (!usage) return null;
  const label = usage.sourceInUse === 'dbqlobj' ? 'DBC.DBQLObjTbl' : usage.sourceInUse === 'parse' ? 'parsing the DBQL SQL text' : 'off';
  return {
    badge: usage.enabled ? { label, tone: 'ok' } : { label: 'off', tone: 'muted' },
    source: `USAGE_SOURCE=${usage.source}`,
    message: usage.description,
    countedUntil: formatDateTime(usage.countedUntil ? new Date(usage.countedUntil) : null),
  };
}

export function presentSchema(status: SchemaStatusView | null, dryRun: SchemaSetupView | null, applied: SchemaSetupView | null = null, usage: UsageStatusView | null = null): SchemaPageView {
  const tables = status?.tables ?? [];
  const missing = tables.filter((t) => !t.present).length;
  const pending = status?.pendingMigrations ?? [];
  const badge: Badge = !status
    ? { label: 'unknown', tone: 'muted' }
    : missing > 0
      ? { label: `${missing} missing`, tone: 'bad' }
      : pending.length > 0
        ? { label: `${pending.length} pending`, tone: 'warn' }
        : { label: 'up to date', tone: 'ok' };
  let result: SchemaPageView['result'] = null;
  if (applied) {
    result = applied.alreadyUpToDate
      ? { message: 'Nothing to apply: the schema was already up to date.', tone: 'info' }
      : { message: `Applied ${applied.applied.length} migration${applied.applied.length === 1 ? '' : 's'}: ${applied.applied.join(', ')}.`, tone: 'ok' };
  }
  return {
    title: 'Schema',
    engine: status ? (status.engine === 'teradata' ? 'Teradata' : 'Embedded (DuckDB)') : '—',
    version: status?.version ?? 'none',
    badge,
    tables: tables.map((t) => ({ name: t.name, badge: t.present ? { label: 'present', tone: 'ok' } : { label: 'missing', tone: 'bad' } })),
    applied: (status?.appliedMigrations ?? []).map((m) => ({ version: m.version, description: m.description, appliedAt: formatDateTime(m.appliedAt ?? null) })),
    pending: pending.map((m) => ({ version: m.version, description: m.description })),
    canApply: status !== null && (pending.length > 0 || missing > 0),
    ddl: dryRun?.ddl ?? '',
    result,
    usage: presentUsage(usage),
  };
}
