import { Inject, Injectable } from '@nestjs/common';
import { DatabasePort, queryInList, type Row, type SqlValue } from '../teradata/database.port.js';
import { MarquezStatements } from '../teradata/marquez.statements.js';
import type { DatasetRecord, FieldRecord, IoRecord, JobRecord, JobTouch, NamespaceRecord, RunRecord, SearchFilter, SearchSort, SortDirection, StoredEventRecord } from './marquez.types.js';

/** A TIMESTAMP as a driver returns it (a Date on the embedded engine, a Date or text on Teradata), or null. */
function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(String(value).trim().replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(String(value).trim()) ? '' : 'Z'));
  return Number.isNaN(date.getTime()) ? null : date;
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function toNamespace(r: Row): NamespaceRecord {
  return { namespaceId: String(r.namespace_id), uri: String(r.namespace_uri), description: text(r.description), createdAt: toDate(r.created_at) };
}

function toDataset(r: Row): DatasetRecord {
  return {
    datasetId: String(r.dataset_id),
    namespaceId: String(r.namespace_id),
    namespace: String(r.namespace_uri),
    name: String(r.name),
    description: text(r.description),
    sourceType: text(r.source_type)?.trim() ?? null,
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
    isActive: String(r.is_active ?? 'Y').trim() === 'Y',
  };
}

function toJob(r: Row): JobRecord {
  return {
    jobId: String(r.job_id),
    namespaceId: String(r.namespace_id),
    namespace: String(r.namespace_uri),
    name: String(r.name),
    description: text(r.description),
    jobType: text(r.job_type)?.trim() ?? null,
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
}

function toRun(r: Row): RunRecord {
  return {
    runId: String(r.run_id).trim(),
    jobId: String(r.job_id),
    jobNamespace: String(r.job_namespace),
    jobName: String(r.job_name),
    eventType: String(r.event_type).trim(),
    eventTime: toDate(r.event_time),
    nominalStartTime: toDate(r.nominal_start_time),
    nominalEndTime: toDate(r.nominal_end_time),
    producer: text(r.producer),
    schemaUrl: text(r.schema_url),
    createdAt: toDate(r.created_at),
  };
}

function toIo(owner: string) {
  return (r: Row): IoRecord => ({
    ownerId: String(r[owner]).trim(),
    direction: String(r.direction).trim() === 'O' ? 'output' : 'input',
    namespace: String(r.namespace_uri),
    name: String(r.name),
  });
}

/** The only place the Marquez module runs SQL (MarquezStatements of the active dialect); rows become records here. */
@Injectable()
export class MarquezRepository {
  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(MarquezStatements) private readonly sql: MarquezStatements,
  ) {}

  /** Paging parameters: LIMIT/OFFSET on the embedded engine, a ROW_NUMBER range on Teradata. */
  private page(limit: number, offset: number): number[] {
    return this.database.dialect === 'teradata' ? [offset + 1, offset + limit] : [limit, offset];
  }

  private async count(sql: string, params: SqlValue[]): Promise<number> {
    const [r] = await this.database.query<{ n: number | bigint }>(sql, params);
    return Number(r?.n ?? 0);
  }

  async namespaces(limit: number, offset: number): Promise<NamespaceRecord[]> {
    return (await this.database.query(this.sql.namespacesPage, this.page(limit, offset))).map(toNamespace);
  }

  async namespace(uri: string): Promise<NamespaceRecord | null> {
    const [r] = await this.database.query(this.sql.namespace, [uri]);
    return r ? toNamespace(r) : null;
  }

  async datasets(namespaceId: string, limit: number, offset: number): Promise<{ total: number; items: DatasetRecord[] }> {
    const [total, rows] = await Promise.all([
      this.count(this.sql.datasetsCount, [namespaceId]),
      this.database.query(this.sql.datasetsPage, [namespaceId, ...this.page(limit, offset)]),
    ]);
    return { total, items: rows.map(toDataset) };
  }

  async dataset(namespaceId: string, name: string): Promise<DatasetRecord | null> {
    const [r] = await this.database.query(this.sql.dataset, [namespaceId, name]);
    return r ? toDataset(r) : null;
  }

  async datasetsById(ids: readonly string[]): Promise<DatasetRecord[]> {
    return ids.length === 0 ? [] : (await queryInList(this.database, this.sql.datasetsById, [...ids])).map(toDataset);
  }

  /** The fields of these datasets, by dataset id, in ordinal order. */
  async fieldsOf(datasetIds: readonly string[]): Promise<Map<string, FieldRecord[]>> {
    const byDataset = new Map<string, FieldRecord[]>();
    if (datasetIds.length === 0) return byDataset;
    for (const r of await queryInList(this.database, this.sql.fieldsOf, [...datasetIds])) {
      const field: FieldRecord = { datasetId: String(r.dataset_id), name: String(r.field_name), type: text(r.field_type), description: text(r.field_description) };
      const list = byDataset.get(field.datasetId) ?? [];
      list.push(field);
      byDataset.set(field.datasetId, list);
    }
    return byDataset;
  }

  /** The stored type of each of these fields (by field id) that has one. */
  async fieldTypes(fieldIds: readonly string[]): Promise<Map<string, string>> {
    const types = new Map<string, string>();
    if (fieldIds.length === 0) return types;
    for (const r of await queryInList(this.database, this.sql.fieldTypes, [...fieldIds])) {
      const type = text(r.field_type);
      if (type !== null) types.set(String(r.field_id), type);
    }
    return types;
  }

  async jobs(namespaceId: string, limit: number, offset: number): Promise<{ total: number; items: JobRecord[] }> {
    const [total, rows] = await Promise.all([this.count(this.sql.jobsCount, [namespaceId]), this.database.query(this.sql.jobsPage, [namespaceId, ...this.page(limit, offset)])]);
    return { total, items: rows.map(toJob) };
  }

  async job(namespaceId: string, name: string): Promise<JobRecord | null> {
    const [r] = await this.database.query(this.sql.job, [namespaceId, name]);
    return r ? toJob(r) : null;
  }

  async jobsById(ids: readonly string[]): Promise<JobRecord[]> {
    return ids.length === 0 ? [] : (await queryInList(this.database, this.sql.jobsById, [...ids])).map(toJob);
  }

  /** Per dataset a run of which touched it, the jobs whose runs read or wrote it, each with the time of its first such run. */
  async jobsTouching(datasetIds: readonly string[]): Promise<Map<string, JobTouch[]>> {
    const out = new Map<string, JobTouch[]>();
    if (datasetIds.length === 0) return out;
    const rows = await queryInList<{ dataset_id: string; job_id: string; first_run: unknown }>(this.database, this.sql.jobsTouching, [...datasetIds]);
    for (const r of rows) {
      const id = String(r.dataset_id).trim();
      let touches = out.get(id);
      if (!touches) out.set(id, (touches = []));
      touches.push({ jobId: String(r.job_id).trim(), firstRun: toDate(r.first_run) });
    }
    return out;
  }

  /** Datasets the runs of these jobs read (input) or wrote (output); ownerId is the job id. */
  async jobDatasets(jobIds: readonly string[]): Promise<IoRecord[]> {
    return jobIds.length === 0 ? [] : (await queryInList(this.database, this.sql.jobDatasets, [...jobIds])).map(toIo('job_id'));
  }

  /** The newest run of each job, by job id. */
  async latestRuns(jobIds: readonly string[]): Promise<Map<string, RunRecord>> {
    const runs = jobIds.length === 0 ? [] : (await queryInList(this.database, this.sql.latestRuns, [...jobIds])).map(toRun);
    return new Map(runs.map((r) => [r.jobId, r]));
  }

  async runs(jobId: string, limit: number, offset: number): Promise<{ total: number; items: RunRecord[] }> {
    const [total, rows] = await Promise.all([this.count(this.sql.runsCount, [jobId]), this.database.query(this.sql.runsPage, [jobId, ...this.page(limit, offset)])]);
    return { total, items: rows.map(toRun) };
  }

  async run(runId: string): Promise<RunRecord | null> {
    const [r] = await this.database.query(this.sql.run, [runId]);
    return r ? toRun(r) : null;
  }

  /** Datasets these runs read or wrote; ownerId is the run id. */
  async runDatasets(runIds: readonly string[]): Promise<IoRecord[]> {
    return runIds.length === 0 ? [] : (await queryInList(this.database, this.sql.runDatasets, [...runIds])).map(toIo('run_id'));
  }

  private searchParams(search: SearchFilter): SqlValue[] {
    const { pattern, namespaceId: ns, before, after } = search;
    return [pattern, ns, ns, before, before, after, after];
  }

  /** Datasets whose name matches (see SearchFilter), with the total. */
  async searchDatasets(search: SearchFilter, sort: SearchSort, limit: number): Promise<{ total: number; items: DatasetRecord[] }> {
    const filter = this.searchParams(search);
    const sql = sort === 'name' ? this.sql.searchDatasets.name : this.sql.searchDatasets.updatedAt;
    const [total, rows] = await Promise.all([this.count(this.sql.searchDatasetsCount, filter), this.database.query(sql, [...filter, ...this.page(limit, 0)])]);
    return { total, items: rows.map(toDataset) };
  }

  async searchJobs(search: SearchFilter, sort: SearchSort, limit: number): Promise<{ total: number; items: JobRecord[] }> {
    const filter = this.searchParams(search);
    const sql = sort === 'name' ? this.sql.searchJobs.name : this.sql.searchJobs.updatedAt;
    const [total, rows] = await Promise.all([this.count(this.sql.searchJobsCount, filter), this.database.query(sql, [...filter, ...this.page(limit, 0)])]);
    return { total, items: rows.map(toJob) };
  }

  /** The RunEvents ingestion kept, in event-time order, within (after, before) when given. */
  async storedEvents(window: { after: Date | null; before: Date | null }, direction: SortDirection, limit: number, offset: number): Promise<{ total: number; items: StoredEventRecord[] }> {
    const filter = [window.after, window.after, window.before, window.before];
    const sql = direction === 'asc' ? this.sql.eventsPage.asc : this.sql.eventsPage.desc;
    const [total, rows] = await Promise.all([this.count(this.sql.eventsCount, filter), this.database.query(sql, [...filter, ...this.page(limit, offset)])]);
    return {
      total,
      items: rows.map((r) => ({
        payload: r.payload === null || r.payload === undefined ? null : String(r.payload),
        eventType: r.event_type === null ? null : String(r.event_type).trim(),
        eventTime: new Date(r.event_time as string),
        runId: r.run_id === null ? null : String(r.run_id).trim(),
        producer: r.producer === null ? null : String(r.producer),
        jobNamespace: r.job_namespace === null ? null : String(r.job_namespace),
        jobName: r.job_name === null ? null : String(r.job_name),
      })),
    };
  }
}
