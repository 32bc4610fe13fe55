import type { TableStatistics } from '../../schema/dictionary.repository.js';
import type { DatasetDetailView, WritingRunView } from '../admin.sources.js';
import { formatDateTime } from '../view-format.js';
import type { JobText } from './job-texts.repository.js';

/** Characters of a job's SQL the panel shows (the whole text is one click away in the downloads and the API). */
export const SQL_EXCERPT_CHARS = 600;

/** The explorer's detail panel for a dataset or a field: what public/js/explorer.js displays as it comes (labels and values as text). */
export interface ExplorerDetailView {
  readonly namespace: string;
  readonly dataset: string;
  readonly field: string | null;
  readonly kind: string | null;
  readonly description: string | null;
  readonly fields: readonly { name: string; type: string; nullable: string; description: string; selected: boolean }[];
  /** Statistics as label/value pairs, in reading order; empty with `statisticsNote` saying why. */
  readonly statistics: readonly { label: string; value: string }[];
  readonly statisticsNote: string | null;
  readonly ddl: { readonly title: string; readonly text: string } | null;
  readonly ddlNote: string | null;
  /** The runs that wrote lineage into the field (or the dataset's fields), newest first, with their job's SQL excerpt. */
  readonly writes: readonly { runId: string; job: string; when: string; eventType: string; producer: string; sqlExcerpt: string | null }[];
  readonly writesNote: string | null;
}

/** Bytes in words: 1,234 B, 12.3 KB, 4.56 GB (powers of 1,024, as Teradata Viewpoint shows space). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes.toLocaleString('en-US')} B` : `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${units[unit]}`;
}

function when(date: Date | null): string {
  return date ? formatDateTime(date) : 'unknown';
}

/** A SQL excerpt: the first SQL_EXCERPT_CHARS characters, cut at a line end when one is near, with an ellipsis when cut. */
export function sqlExcerpt(sql: string | null): string | null {
  if (sql === null || sql.trim() === '') return null;
  const text = sql.trim();
  if (text.length <= SQL_EXCERPT_CHARS) return text;
  const cut = text.lastIndexOf('\n', SQL_EXCERPT_CHARS);
  return `${text.slice(0, cut > SQL_EXCERPT_CHARS / 2 ? cut : SQL_EXCERPT_CHARS).trimEnd()}\n…`;
}

export function presentStatistics(stats: TableStatistics, lastPopulated: Date | null): { label: string; value: string }[] {
  const out: { label: string; value: string }[] = [];
  out.push({ label: 'Kind', value: stats.kind === 'VIEW' ? 'View' : 'Table' });
  if (stats.kind === 'TABLE') {
    out.push({
      label: 'Rows',
      value: stats.rowCount === null ? 'unknown (no statistics collected)' : `${stats.rowCount.toLocaleString('en-US')} (statistics of ${when(stats.statisticsCollectedAt)})`,
    });
    out.push({
      label: 'Size',
      value:
        stats.currentPermBytes === null
          ? 'unknown'
          : `${formatBytes(stats.currentPermBytes)}${stats.peakPermBytes !== null ? `, peak ${formatBytes(stats.peakPermBytes)}` : ''}${stats.amps ? ` over ${stats.amps} AMPs` : ''}`,
    });
  }
  out.push({ label: 'Owner (creator)', value: stats.creator ?? 'unknown' });
  out.push({ label: 'Created', value: when(stats.createdAt) });
  out.push({ label: 'Last altered', value: when(stats.lastAlteredAt) });
  if (stats.lastAccessedAt) out.push({ label: 'Last accessed', value: when(stats.lastAccessedAt) });
  out.push({ label: 'Last populated', value: lastPopulated ? `${when(lastPopulated)} (newest write in the lineage store)` : 'no write seen in the lineage store' });
  return out;
}

export function presentExplorerDetail(input: {
  readonly dataset: DatasetDetailView;
  readonly field: string | null;
  readonly statistics: TableStatistics | null;
  readonly statisticsNote: string | null;
  readonly ddl: { readonly kind: 'TABLE' | 'VIEW'; readonly text: string } | null;
  readonly ddlNote: string | null;
  readonly runs: readonly WritingRunView[];
  readonly jobs: ReadonlyMap<string, JobText>;
  readonly writesNote: string | null;
}): ExplorerDetailView {
  const { dataset, statistics } = input;
  const newest = input.runs.reduce<Date | null>((max, r) => (r.eventTime && (!max || r.eventTime > max) ? r.eventTime : max), null);
  return {
    namespace: dataset.namespace,
    dataset: dataset.name,
    field: input.field,
    kind: statistics ? (statistics.kind === 'VIEW' ? 'View' : 'Table') : dataset.sourceType,
    description: dataset.description ?? statistics?.comment ?? null,
    // `*` is the store's row-level pseudo-field (what decides the rows), not a column of the table.
    fields: dataset.fields.filter((f) => f.name !== '*').map((f) => ({
      name: f.name,
      type: f.type ?? 'unknown',
      nullable: f.nullable === null ? '' : f.nullable ? 'null' : 'not null',
      description: f.description ?? '',
      selected: input.field !== null && f.name.toLowerCase() === input.field.toLowerCase(),
    })),
    statistics: statistics ? presentStatistics(statistics, newest) : [],
    statisticsNote: statistics ? null : (input.statisticsNote ?? 'The dictionary does not know this dataset.'),
    ddl: input.ddl ? { title: input.ddl.kind === 'VIEW' ? 'SHOW VIEW' : 'SHOW TABLE', text: input.ddl.text } : null,
    ddlNote: input.ddl ? null : (input.ddlNote ?? 'No DDL in the dictionary.'),
    writes: input.runs.map((r) => {
      const job = input.jobs.get(r.jobId);
      return {
        runId: r.runId,
        job: job?.name ?? r.jobId,
        when: when(r.eventTime),
        eventType: r.eventType,
        producer: r.producer ?? '',
        sqlExcerpt: sqlExcerpt(job?.sql ?? null),
      };
    }),
    writesNote: input.writesNote,
  };
}
