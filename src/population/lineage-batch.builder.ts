import { datasetId, fieldId, lineageId, normalizeName, stableId } from '../model/ids.js';
import type { DatasetRow, EdgeRow, FieldRow, HistoryStep, JobRow, LineageBatch, ReplacedTarget, RunDatasetRow, RunRow, StepTarget } from '../ol-store/ol-store.types.js';
import { targetKey } from '../ol-store/ol-store.writer.js';
import type { ExtractionOutcome } from './lineage-extractor.js';
import type { StatementKind } from './statement-text.js';

/**
 * Pure: turns extracted statements into the OL_* rows of one batch. Natural
 * ids come from model/ids.ts (shared with OpenLineage ingestion):
 * a job per statement fingerprint, a run per DBQL QueryID (COMPLETE at its
 * StartTime), edges keyed on (source, target, transformation).
 */

export const DBQL_PRODUCER = 'urn:lineage:population:dbql';
export const DBQL_RUN_PREFIX = 'dbql';
const JOB_DESCRIPTION_MAX = 2000;
const EDGE_DESCRIPTION_MAX = 2000;

/** What population knows of a dictionary table: its kind and its columns by lower-case name. */
export interface TableFacts {
  readonly kind: 'TABLE' | 'VIEW';
  readonly columns: ReadonlyMap<string, { readonly type: string | null; readonly ordinal: number; readonly nullable: boolean | null }>;
}

/** Lower-case `database.table` → table facts. */
export type DictionaryIndex = ReadonlyMap<string, TableFacts>;

export interface ExtractedStatement {
  readonly queryId: string;
  readonly startTime: Date;
  readonly sql: string;
  readonly fingerprint: string;
  readonly head: string;
  readonly kind: StatementKind;
  readonly defaultDatabase: string | null;
  /** Lower-case names of the session's volatile tables: never stored as datasets. */
  readonly volatileTables?: ReadonlySet<string>;
  readonly outcome: ExtractionOutcome;
  /** The OL run and job it belongs to when it is no DBQL request (a view definition); the caller writes that job's row. */
  readonly origin?: { readonly runId: string; readonly jobId: string; readonly producer: string };
}

export interface BatchContext {
  readonly namespaceId: string;
  readonly dictionary: DictionaryIndex;
}

export function dbqlRunId(namespaceId: string, queryId: string): string {
  return stableId(DBQL_RUN_PREFIX, namespaceId, queryId);
}

export function statementJobId(namespaceId: string, fingerprint: string): string {
  return stableId('job', namespaceId, fingerprint);
}

/** `db.table` in lower case; an unqualified name takes the statement's default database. */
export function qualify(name: string, defaultDatabase: string | null): string {
  const clean = normalizeName(name.replace(/"/g, ''));
  if (clean.includes('.') || !defaultDatabase) return clean;
  return `${normalizeName(defaultDatabase)}.${clean}`;
}

export function buildLineageBatch(statements: readonly ExtractedStatement[], context: BatchContext): LineageBatch {
  const builder = new LineageBatchBuilder(context);
  builder.add(statements);
  return builder.take();
}


/**
 * The OL_* rows of statements added page after page, as one batch: what
 * `buildLineageBatch` makes of all of them at once (datasets, fields, jobs
 * and edges once each, the first statement's row kept; a run per
 * statement; the steps in order; a definition restarting its target's
 * edge set whichever page it is in). `take` hands the batch over and
 * starts afresh. The SQL text is not kept: only the rows and the steps,
 * whose ids are the rows' own strings (held once, however many steps name
 * them). `held` counts what it holds: rows, run links and step entries.
 */
export class LineageBatchBuilder {
  private datasets = new Map<string, DatasetRow>();
  private fields = new Map<string, FieldRow>();
  private jobs = new Map<string, JobRow>();
  private runs: RunRow[] = [];
  private runInputs: RunDatasetRow[] = [];
  private runOutputs: RunDatasetRow[] = [];
  private edges = new Map<string, EdgeRow>();
  private replaced = new Map<string, Set<string>>();
  // What each statement saw, defined and dropped at its StartTime: the intervals follow them (ADR 0024).
  private steps: HistoryStep[] = [];
  private stepEntries = 0;

  constructor(private readonly context: BatchContext) {}

  /** Rows, run links and step entries held since the last take. */
  get held(): number {
    return this.datasets.size + this.fields.size + this.jobs.size + this.runs.length + this.runInputs.length + this.runOutputs.length + this.edges.size + this.stepEntries;
  }

  add(statements: readonly ExtractedStatement[]): void {
    const ns = this.context.namespaceId;
    const { datasets, fields, jobs, runs, runInputs, runOutputs, edges, replaced, steps } = this;
    const dictionary = this.context.dictionary;
    /** The dataset's id, as the string its row holds. */
    const addDataset = (name: string, viewHint: boolean): string => {
      const id = datasetId(ns, name);
      const known = datasets.get(id);
      if (known) return known.datasetId;
      const facts = dictionary.get(name);
      datasets.set(id, { datasetId: id, namespaceId: ns, name, description: null, sourceType: facts?.kind ?? (viewHint ? 'VIEW' : 'TABLE') });
      return id;
    };
    /** The field's id, as the string its row holds. */
    const addField = (dataset: string, dsId: string, field: string): string => {
      const name = normalizeName(field);
      const id = fieldId(dsId, name);
      const known = fields.get(id);
      if (known) return known.fieldId;
      const column = dictionary.get(dataset)?.columns.get(name);
      fields.set(id, {
        fieldId: id,
        datasetId: dsId,
        fieldName: name,
        fieldType: column?.type ?? null,
        description: null,
        ordinalPosition: column?.ordinal ?? null,
        nullable: column?.nullable ?? null,
      });
      return id;
    };

    for (const statement of statements) {
      const outcome = statement.outcome;
      if (outcome.error) continue;
      const defines = statement.kind === 'define';
      const definesView = defines && /\bVIEW\b/i.test(statement.head);
      const volatile = statement.volatileTables;
      const stored = (name: string | null): name is string => name !== null && name !== '' && !(volatile && volatile.has(tablePart(name)));
      const inTables = unique(outcome.inTables.filter(stored).map((t) => qualify(t, statement.defaultDatabase)));
      const outTables = unique(outcome.outTables.filter(stored).map((t) => qualify(t, statement.defaultDatabase)));
      const statementEdges = outcome.columnEdges.filter((e) => stored(e.target.dataset) && stored(e.source.dataset) && Boolean(e.source.field) && Boolean(e.target.field));
      if (outTables.length === 0 && statementEdges.length === 0) continue;
      const drops = statement.kind === 'drop';

      const jobId = statement.origin?.jobId ?? statementJobId(ns, statement.fingerprint);
      if (!statement.origin && !jobs.has(jobId)) {
        jobs.set(jobId, {
          jobId,
          namespaceId: ns,
          name: `${statement.head} #${statement.fingerprint.slice(0, 12)}`,
          description: excerpt(statement.sql, JOB_DESCRIPTION_MAX),
          jobType: 'SQL',
        });
      }
      const runId = statement.origin?.runId ?? dbqlRunId(ns, statement.queryId);
      runs.push({ runId, jobId: jobs.get(jobId)?.jobId ?? jobId, eventType: 'COMPLETE', eventTime: statement.startTime, producer: statement.origin?.producer ?? DBQL_PRODUCER, schemaUrl: null });
      const step = { at: statement.startTime, runId, edges: [] as string[], datasets: new Set<string>(), fields: new Set<string>(), replaced: [] as StepTarget[], dropped: [] as HistoryStep['dropped'][number][] };
      if (drops) {
        // The statement's run stands for the drop (it closes what it ends); the dataset is no output of it.
        for (const t of outTables) step.dropped.push({ datasetId: datasetId(ns, t), target: targetKey(ns, t) });
        steps.push({ ...step, datasets: [], fields: [] });
        this.stepEntries += step.dropped.length;
        continue;
      }
      for (const t of inTables) runInputs.push({ runId, datasetId: addDataset(t, false) });
      for (const t of outTables) runOutputs.push({ runId, datasetId: addDataset(t, definesView) });
      for (const t of [...inTables, ...outTables]) step.datasets.add(addDataset(t, false));

      // A definition (REPLACE VIEW, CREATE TABLE AS) starts the target's edge set afresh; later writes add to it.
      const defined = new Map<string, Set<string>>();
      if (defines) {
        for (const t of outTables) {
          replaced.set(t, new Set());
          defined.set(t, new Set());
        }
      }

      for (const e of statementEdges) {
        const sourceDataset = qualify(e.source.dataset, statement.defaultDatabase);
        const targetDataset = qualify(e.target.dataset as string, statement.defaultDatabase);
        const sourceField = normalizeName(e.source.field);
        const targetField = normalizeName(e.target.field);
        const sourceId = addDataset(sourceDataset, false);
        const targetId = addDataset(targetDataset, definesView && outTables.includes(targetDataset));
        const sourceFieldId = addField(sourceDataset, sourceId, sourceField);
        const targetFieldId = addField(targetDataset, targetId, targetField);
        const key = {
          sourceNamespace: ns,
          sourceDataset,
          sourceField,
          targetNamespace: ns,
          targetDataset,
          targetField,
          transformationType: e.transformationType,
          transformationSubtype: e.transformationSubtype,
        };
        const computed = lineageId(key);
        const known = edges.get(computed);
        const id = known ? known.lineageId : computed;
        replaced.get(targetDataset)?.add(id);
        defined.get(targetDataset)?.add(id);
        step.edges.push(id);
        step.datasets.add(sourceId).add(targetId);
        step.fields.add(sourceFieldId).add(targetFieldId);
        if (known) continue;
        edges.set(id, {
          lineageId: id,
          runId,
          ...key,
          description: e.description === null ? null : excerpt(e.description, EDGE_DESCRIPTION_MAX),
          masking: e.masking,
          confidence: Math.max(0, Math.min(1, Math.round(e.confidence * 100) / 100)),
        });
      }
      for (const [t, keep] of defined) step.replaced.push({ target: targetKey(ns, t), keep });
      // held as arrays (a Set per step would cost more than its few ids)
      steps.push({ ...step, datasets: [...step.datasets], fields: [...step.fields] });
      this.stepEntries += step.edges.length + step.datasets.size + step.fields.size + step.replaced.length;
    }
  }

  /** The batch of everything added since the last take; the builder starts afresh. */
  take(): LineageBatch {
    const ns = this.context.namespaceId;
    const batch: LineageBatch = {
      namespaces: [],
      datasets: [...this.datasets.values()],
      fields: [...this.fields.values()],
      jobs: [...this.jobs.values()],
      runs: this.runs,
      runInputs: this.runInputs,
      runOutputs: this.runOutputs,
      edges: [...this.edges.values()],
      replacedTargets: [...this.replaced].map(([dataset, keep]): ReplacedTarget => ({ namespaceId: ns, dataset, keep })),
      steps: this.steps,
    };
    this.datasets = new Map();
    this.fields = new Map();
    this.jobs = new Map();
    this.runs = [];
    this.runInputs = [];
    this.runOutputs = [];
    this.edges = new Map();
    this.replaced = new Map();
    this.steps = [];
    this.stepEntries = 0;
    return batch;
  }
}

/** `table` of `database.table`, lower-case, unquoted. */
function tablePart(name: string): string {
  const clean = name.replace(/"/g, '').trim().toLowerCase();
  return clean.slice(clean.lastIndexOf('.') + 1);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

export function excerpt(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
