import { Worker } from 'node:worker_threads';
import { compiledWorkerUrl } from '../../common/worker-url.js';
import type { ExtractionError, StatementLineage, TableColumns } from './extraction.types.js';
import type { WorkerJob, WorkerReply } from './extraction-job.js';

export interface ExtractionPoolOptions {
  readonly workers: number;
  /** Per-statement deadline; a job past it is reported as timed out and its worker replaced. */
  readonly deadlineMs: number;
  /** Dictionary metadata shared by every job (lower-case `db.table` → columns). */
  readonly metadata?: TableColumns;
  /**
   * A worker that has just extracted a text longer than this (characters) is replaced after
   * answering: WASM memory grows to the largest statement seen and never shrinks. Default 256 KiB.
   */
  readonly recycleAboveChars?: number;
  /** Worker script; default: the compiled extraction.worker.js (tests pass a misbehaving one). */
  readonly workerUrl?: URL;
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
  /** Statements in the job (its deadline is deadlineMs per statement). */
  readonly statementCount: number;
  readonly resolve: (reply: Omit<WorkerReply, 'id'>) => void;
}

interface Slot {
  worker: Worker;
  /** The worker has loaded the WASM parser; the deadline never includes that start-up. */
  ready: boolean;
  busy?: { pending: Pending; timer: NodeJS.Timeout };
}

/** Consecutive workers dying before they are ready after which the pool gives up (a broken build, not a bad statement). */
const MAX_START_FAILURES = 3;

/**
 * Upper bound of the statements in a script without tokenising it on the caller's thread:
 * semicolons inside literals only lengthen the deadline.
 */
function semicolonStatements(sql: string): number {
  let n = 1;
  for (let i = sql.indexOf(';'); i >= 0; i = sql.indexOf(';', i + 1)) n++;
  return sql.trimEnd().endsWith(';') ? n - 1 : n;
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
  readonly stats = { timeouts: 0, crashes: 0, replaced: 0, recycled: 0 };
  private startFailures = 0;
  private broken: string | null = null;
  private onStarted?: () => void;

  /** Resolves create() once every worker is ready (or the pool gave up starting them). */
  private checkStarted(): void {
    if (this.onStarted && (this.broken || this.slots.every((s) => s.ready))) {
      this.onStarted();
      this.onStarted = undefined;
    }
  }

  private constructor(private readonly options: ExtractionPoolOptions) {
    this.metadataEntries = [...(options.metadata ?? new Map())].map(([k, v]) => [k, [...v]]);
  }

  static async create(options: ExtractionPoolOptions): Promise<ExtractionPool> {
    const pool = new ExtractionPool(options);
    for (let i = 0; i < Math.max(1, options.workers); i++) pool.slots.push({ worker: pool.spawn(), ready: false });
    await new Promise<void>((resolve) => {
      pool.onStarted = resolve;
      pool.checkStarted();
    });
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  private spawn(): Worker {
    const worker = new Worker(this.options.workerUrl ?? compiledWorkerUrl('extraction.worker.js', import.meta.url), { resourceLimits: { stackSizeMb: 16 } });
    worker.postMessage({ type: 'metadata', entries: this.metadataEntries });
    worker.on('message', (reply: WorkerReply | { type: 'ready' }) => {
      if ('type' in reply && reply.type === 'ready') this.onReady(worker);
      else this.onReply(worker, reply as WorkerReply);
    });
    worker.on('error', (err) => this.onCrash(worker, err));
    worker.on('exit', (code) => {
      if (code !== 0) this.onCrash(worker, new Error(`worker exited with code ${code}`));
    });
    // Referenced while starting or busy (a caller awaits it), unreferenced when idle so an open pool never keeps the process alive.
    return worker;
  }

  private slotOf(worker: Worker): Slot | undefined {
    return this.slots.find((s) => s.worker === worker);
  }

  private onReady(worker: Worker): void {
    const slot = this.slotOf(worker);
    if (!slot) return;
    slot.ready = true;
    slot.worker.unref();
    this.startFailures = 0;
    this.checkStarted();
    this.dispatch();
  }

  private onReply(worker: Worker, reply: WorkerReply): void {
    const slot = this.slotOf(worker);
    if (!slot?.busy || slot.busy.pending.job.id !== reply.id) return;
    clearTimeout(slot.busy.timer);
    const { pending } = slot.busy;
    slot.busy = undefined;
    slot.worker.unref();
    const size = pending.job.sql.length + pending.job.sessionContext.reduce((n, t) => n + t.length, 0);
    if (size > (this.options.recycleAboveChars ?? 256 * 1024)) {
      this.stats.recycled++;
      this.replace(slot);
    }
    pending.resolve(reply);
    this.dispatch();
  }

  private replace(slot: Slot): void {
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    this.stats.replaced++;
    slot.ready = false;
    if (this.closed || this.broken) return;
    slot.worker = this.spawn();
  }

  private onCrash(worker: Worker, err: Error): void {
    const slot = this.slotOf(worker);
    if (!slot) return;
    this.stats.crashes++;
    if (!slot.ready && ++this.startFailures >= MAX_START_FAILURES) {
      this.broken = `extraction workers fail to start: ${err.message.slice(0, 300)}`;
      for (const p of this.queue.splice(0)) p.resolve({ results: failed({ code: 'EXTRACTION_WORKER_CRASHED', message: this.broken }, p.job.sql) });
    }
    const busy = slot.busy;
    slot.busy = undefined;
    if (busy) {
      clearTimeout(busy.timer);
      busy.pending.resolve({ results: failed({ code: 'EXTRACTION_WORKER_CRASHED', message: `the parser crashed: ${err.message.slice(0, 300)}` }, busy.pending.job.sql) });
    }
    this.replace(slot);
    this.checkStarted();
    this.dispatch();
  }

  private onTimeout(slot: Slot): void {
    const busy = slot.busy;
    if (!busy) return;
    slot.busy = undefined;
    this.stats.timeouts++;
    const limit = this.options.deadlineMs * busy.pending.statementCount;
    busy.pending.resolve({ results: failed({ code: 'EXTRACTION_TIMEOUT', message: `extraction took longer than ${limit} ms (${this.options.deadlineMs} ms per statement)` }, busy.pending.job.sql) });
    this.replace(slot);
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy || !slot.ready) continue;
      const pending = this.queue.shift();
      if (!pending) return;
      const timer = setTimeout(() => this.onTimeout(slot), this.options.deadlineMs * pending.statementCount);
      slot.busy = { pending, timer };
      slot.worker.ref();
      slot.worker.postMessage(pending.job);
    }
  }

  private submit(sql: string, options: ExtractOptions, all: boolean): Promise<Omit<WorkerReply, 'id'>> {
    if (this.closed) return Promise.resolve({ results: failed({ code: 'EXTRACTION_INTERNAL', message: 'the extraction pool is closed' }, sql) });
    if (this.broken) return Promise.resolve({ results: failed({ code: 'EXTRACTION_WORKER_CRASHED', message: this.broken }, sql) });
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
    // The deadline is per statement: a script (or a session replayed before the statement) gets one per statement.
    const ownCount = all ? semicolonStatements(sql) : 1;
    const statementCount = Math.max(1, ownCount + (options.sessionContext?.length ?? 0));
    return new Promise((resolve) => {
      this.queue.push({ job, statementCount, resolve });
      this.dispatch();
    });
  }

  /** One statement (after its session context); resolves to its lineage or a failure reason. */
  async extract(sql: string, options: ExtractOptions = {}): Promise<StatementLineage> {
    return (await this.submit(sql, options, false)).results[0];
  }

  /** A script of several statements sharing one session: one result per statement. */
  async extractScript(sql: string, options: ExtractOptions = {}): Promise<StatementLineage[]> {
    return (await this.submit(sql, options, true)).results;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.resolve({ results: failed({ code: 'EXTRACTION_INTERNAL', message: 'the extraction pool was closed' }, p.job.sql) });
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.busy) {
          clearTimeout(slot.busy.timer);
          slot.busy.pending.resolve({ results: failed({ code: 'EXTRACTION_INTERNAL', message: 'the extraction pool was closed' }, slot.busy.pending.job.sql) });
          slot.busy = undefined;
        }
        slot.worker.removeAllListeners();
        await slot.worker.terminate();
      }),
    );
  }
}
