import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExtractionError, StatementLineage, TableColumns } from './extraction.types.js';
import type { WorkerJob, WorkerReply } from './extraction.worker.js';

export interface ExtractionPoolOptions {
  readonly workers: number;
  /** Per-statement deadline; a job past it is reported as timed out and its worker replaced. */
  readonly deadlineMs: number;
  /** Dictionary metadata shared by every job (lower-case `db.table` → columns). */
  readonly metadata?: TableColumns;
}

export interface ExtractOptions {
  readonly defaultDatabase?: string | null;
  readonly dialect?: string;
  /** Earlier statements of the same session to replay first (volatile tables, DATABASE). */
  readonly sessionContext?: readonly string[];
  /** Metadata for this job only (tests, corpus cases). */
  readonly metadata?: TableColumns;
}

interface Pending {
  readonly job: WorkerJob;
  readonly resolve: (results: StatementLineage[]) => void;
}

interface Slot {
  worker: Worker;
  busy?: { pending: Pending; timer: NodeJS.Timeout };
}

/** The compiled worker beside this file, or — when running from TypeScript sources under a test runner — the one in dist/. */
function workerUrl(): URL {
  const here = new URL('./extraction.worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const dist = fileURLToPath(here).replace(/([\\/])src([\\/])population([\\/])/, '$1dist$2population$3');
  return new URL(`file://${dist}`);
}

function failed(error: ExtractionError, sql: string): StatementLineage[] {
  return [{ statementType: /^\s*(SEL|SELECT|WITH)\b/i.test(sql) ? 'select' : 'other', inTables: [], outTables: [], columnEdges: [], warnings: [], error }];
}

/**
 * A pool of worker threads running the extractor. The WASM parser is
 * synchronous and some statements take seconds; here the caller's event
 * loop never blocks, a statement past the deadline comes back as
 * EXTRACTION_TIMEOUT and only its worker is replaced (starting one costs
 * ~150 ms), and a crash is a result with a reason, never a rejection.
 */
export class ExtractionPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private metadataEntries: [string, string[]][];
  readonly stats = { timeouts: 0, crashes: 0, replaced: 0 };

  private constructor(private readonly options: ExtractionPoolOptions) {
    this.metadataEntries = [...(options.metadata ?? new Map())].map(([k, v]) => [k, [...v]]);
  }

  static async create(options: ExtractionPoolOptions): Promise<ExtractionPool> {
    const pool = new ExtractionPool(options);
    for (let i = 0; i < Math.max(1, options.workers); i++) pool.slots.push({ worker: pool.spawn() });
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Replaces the shared metadata (sent to every worker, and to replacements). */
  setMetadata(metadata: TableColumns): void {
    this.metadataEntries = [...metadata].map(([k, v]) => [k, [...v]]);
    for (const slot of this.slots) slot.worker.postMessage({ type: 'metadata', entries: this.metadataEntries });
  }

  private spawn(): Worker {
    const worker = new Worker(workerUrl(), { resourceLimits: { stackSizeMb: 16 } });
    worker.postMessage({ type: 'metadata', entries: this.metadataEntries });
    worker.on('message', (reply: WorkerReply) => this.onReply(worker, reply));
    worker.on('error', (err) => this.onCrash(worker, err));
    worker.on('exit', (code) => {
      if (code !== 0) this.onCrash(worker, new Error(`worker exited with code ${code}`));
    });
    worker.unref();
    return worker;
  }

  private slotOf(worker: Worker): Slot | undefined {
    return this.slots.find((s) => s.worker === worker);
  }

  private onReply(worker: Worker, reply: WorkerReply): void {
    const slot = this.slotOf(worker);
    if (!slot?.busy || slot.busy.pending.job.id !== reply.id) return;
    clearTimeout(slot.busy.timer);
    const { pending } = slot.busy;
    slot.busy = undefined;
    pending.resolve(reply.results);
    this.dispatch();
  }

  private replace(slot: Slot): void {
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    this.stats.replaced++;
    if (!this.closed) slot.worker = this.spawn();
  }

  private onCrash(worker: Worker, err: Error): void {
    const slot = this.slotOf(worker);
    if (!slot) return;
    this.stats.crashes++;
    const busy = slot.busy;
    slot.busy = undefined;
    if (busy) {
      clearTimeout(busy.timer);
      busy.pending.resolve(failed({ code: 'EXTRACTION_WORKER_CRASHED', message: `the parser crashed: ${err.message.slice(0, 300)}` }, busy.pending.job.sql));
    }
    this.replace(slot);
    this.dispatch();
  }

  private onTimeout(slot: Slot): void {
    const busy = slot.busy;
    if (!busy) return;
    slot.busy = undefined;
    this.stats.timeouts++;
    busy.pending.resolve(failed({ code: 'EXTRACTION_TIMEOUT', message: `extraction took longer than ${this.options.deadlineMs} ms` }, busy.pending.job.sql));
    this.replace(slot);
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const pending = this.queue.shift();
      if (!pending) return;
      const timer = setTimeout(() => this.onTimeout(slot), this.options.deadlineMs);
      slot.busy = { pending, timer };
      slot.worker.postMessage(pending.job);
    }
  }

  private submit(sql: string, options: ExtractOptions, all: boolean): Promise<StatementLineage[]> {
    if (this.closed) return Promise.resolve(failed({ code: 'EXTRACTION_INTERNAL', message: 'the extraction pool is closed' }, sql));
    const job: WorkerJob = {
      type: 'job',
      id: this.nextId++,
      sql,
      sessionContext: options.sessionContext ?? [],
      defaultDatabase: options.defaultDatabase ?? null,
      dialect: options.dialect ?? 'teradata',
      metadata: options.metadata ? [...options.metadata].map(([k, v]) => [k, [...v]]) : undefined,
      all,
    };
    return new Promise((resolve) => {
      this.queue.push({ job, resolve });
      this.dispatch();
    });
  }

  /** One statement (after its session context); resolves to its lineage or a failure reason. */
  async extract(sql: string, options: ExtractOptions = {}): Promise<StatementLineage> {
    return (await this.submit(sql, options, false))[0];
  }

  /** A script of several statements sharing one session: one result per statement. */
  extractScript(sql: string, options: ExtractOptions = {}): Promise<StatementLineage[]> {
    return this.submit(sql, options, true);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.resolve(failed({ code: 'EXTRACTION_INTERNAL', message: 'the extraction pool was closed' }, p.job.sql));
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.busy) {
          clearTimeout(slot.busy.timer);
          slot.busy.pending.resolve(failed({ code: 'EXTRACTION_INTERNAL', message: 'the extraction pool was closed' }, slot.busy.pending.job.sql));
          slot.busy = undefined;
        }
        slot.worker.removeAllListeners();
        await slot.worker.terminate();
      }),
    );
  }
}
