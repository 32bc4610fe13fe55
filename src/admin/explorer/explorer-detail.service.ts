import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '../../common/app-error.js';
import { DatabaseConfig } from '../../config/app-config.js';
import { namespaceId } from '../../model/ids.js';
import { DictionaryRepository, type TableStatistics } from '../../schema/dictionary.repository.js';
import { AdminLineageSource, type WritingRunView } from '../admin.sources.js';
import type { ExplorerDetailQueryDto } from './explorer.dto.js';
import { type ExplorerDetailView, presentExplorerDetail } from './explorer-detail.presenter.js';
import { JobTextsRepository } from './job-texts.repository.js';

/** Runs listed in a panel, and fields of a dataset whose runs are asked (one read each). */
const WRITES_SHOWN = 10;
const FIELDS_ASKED = 40;

/**
 * The explorer's detail panel: a dataset (or one field) with its fields, the
 * runs that wrote it with their SQL, and, for this service's own Teradata
 * system, the dictionary's statistics and DDL. A dictionary the service may
 * not read (no right on DBC.TableSizeV, SHOW refused) leaves a note in place
 * of that part, not an error.
 */
@Injectable()
export class ExplorerDetailService {
  private readonly logger = new Logger(ExplorerDetailService.name);

  constructor(
    @Inject(AdminLineageSource) private readonly lineage: AdminLineageSource,
    @Inject(DictionaryRepository) private readonly dictionary: DictionaryRepository,
    @Inject(JobTextsRepository) private readonly jobs: JobTextsRepository,
    @Inject(DatabaseConfig) private readonly database: DatabaseConfig,
  ) {}

  async detail(dto: ExplorerDetailQueryDto): Promise<ExplorerDetailView> {
    const own = namespaceId(this.database.namespaceUri);
    const ns = dto.ns?.trim() || own;
    const field = dto.field?.trim() || null;
    const dataset = await this.lineage.dataset(dto.dataset.trim(), ns);
    const [dictionary, runs] = await Promise.all([this.fromDictionary(dataset.name, namespaceId(dataset.namespace) === own), this.writes(dataset, field)]);
    const jobs = await this.jobs.byIds(runs.runs.map((r) => r.jobId));
    return presentExplorerDetail({ dataset, field, ...dictionary, runs: runs.runs, jobs, writesNote: runs.note });
  }

  private async fromDictionary(
    name: string,
    ownSystem: boolean,
  ): Promise<{ statistics: TableStatistics | null; statisticsNote: string | null; ddl: { kind: 'TABLE' | 'VIEW'; text: string } | null; ddlNote: string | null }> {
    if (!ownSystem) {
      const note = 'Not a dataset of this service’s Teradata system: the dictionary has nothing on it.';
      return { statistics: null, statisticsNote: note, ddl: null, ddlNote: note };
    }
    const dot = name.indexOf('.');
    const [database, table] = dot > 0 ? [name.slice(0, dot), name.slice(dot + 1)] : ['', name];
    let statistics: TableStatistics | null = null;
    let statisticsNote: string | null = null;
    try {
      statistics = await this.dictionary.tableStatistics(database, table);
      if (!statistics) statisticsNote = `DBC.TablesV has no ${name}: dropped or renamed since its lineage was recorded.`;
    } catch (err) {
      statisticsNote = `The dictionary could not be read: ${this.reason(err)}`;
    }
    if (!statistics) return { statistics, statisticsNote, ddl: null, ddlNote: statisticsNote };
    try {
      const text = await this.dictionary.ddl(statistics.database, statistics.table, statistics.kind);
      return { statistics, statisticsNote, ddl: text ? { kind: statistics.kind, text } : null, ddlNote: text ? null : `SHOW ${statistics.kind} returned no text.` };
    } catch (err) {
      return { statistics, statisticsNote, ddl: null, ddlNote: `SHOW ${statistics.kind} failed: ${this.reason(err)}` };
    }
  }

  private reason(err: unknown): string {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    this.logger.warn(`Explorer detail: dictionary read failed: ${message}`);
    return message;
  }

  private async writes(dataset: { name: string; namespace: string; fields: readonly { name: string }[] }, field: string | null): Promise<{ runs: WritingRunView[]; note: string | null }> {
    const names = field ? [field] : dataset.fields.slice(0, FIELDS_ASKED).map((f) => f.name);
    const lists = await Promise.all(names.map((f) => this.lineage.runsForField(dataset.name, f, dataset.namespace).catch((err: unknown) => (isNotFound(err) ? [] : Promise.reject(err)))));
    const byId = new Map<string, WritingRunView>();
    for (const r of lists.flat()) if (!byId.has(r.runId)) byId.set(r.runId, r);
    const all = [...byId.values()].sort((a, b) => (b.eventTime?.getTime() ?? 0) - (a.eventTime?.getTime() ?? 0));
    const cut = all.length > WRITES_SHOWN ? `The ${WRITES_SHOWN} newest of ${all.length} runs.` : null;
    const partial = !field && dataset.fields.length > FIELDS_ASKED ? ` Runs of the first ${FIELDS_ASKED} of ${dataset.fields.length} fields.` : '';
    return { runs: all.slice(0, WRITES_SHOWN), note: cut || partial ? `${cut ?? ''}${partial}`.trim() : null };
  }
}

function isNotFound(err: unknown): boolean {
  return err instanceof AppError && err.kind === 'not_found';
}
