import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { compiledWorkerUrl } from '../common/worker-url.js';
import { LineageConfig } from '../config/app-config.js';
import type { FieldTypeView } from './graph/field-types.js';
import type { LineageIndex, SharedIndex } from './graph/lineage-index.js';
import { type RenderJob, type RenderOutput, RenderRunner } from './graph/render-job.js';
import type { RenderMessage, RenderReply } from './graph/render.worker.js';
import type { WalkResult } from './graph/traverse.js';

/** Jobs waiting on one thread past which the main thread renders itself rather than queue more. */
const MAX_BACKLOG = 32;
/** Threads dying one after another after which rendering stays on the main thread (a broken build, not a bad job). */
const MAX_FAILURES = 3;
/**
 * Sent answers' buffers kept per thread until its next job carries them back
 * (past this, left to the collector). A job takes one buffer, so a few are
 * enough; more only held memory (wide answers' buffers run to megabytes, and
 * a second thread, which works only while the first is busy, could hold its
 * thread's share here and as many again itself).
 */
const MAX_SPARES = 4;

interface Slot {
  worker: Worker;
  /** The index view this thread holds. */
  view?: SharedIndex;
  readonly pending: Map<number, { resolve(out: RenderOutput): void; reject(err: Error): void }>;
  /** Buffers of answers this thread wrote, sent since its last job: they go back with the next one. */
  readonly spares: ArrayBuffer[];
  /** The field types this thread holds (see RenderMessage). */
  types?: FieldTypeView;
}

/**
 * Walks the lineage index and writes answers as JSON on render threads
 * (LINEAGE_RENDER_THREADS), so the main thread is left to HTTP: the index
 * lives in shared memory and threads get each new generation's view without
 * a copy. With no threads, with a thread down, or when every thread has a
 * long queue, the job runs on the main thread: answers never wait on a
 * thread that is not there.
 */
@Injectable()
export class GraphRenderPool implements OnModuleDestroy {
  private readonly logger = new Logger(GraphRenderPool.name);
  private readonly slots: (Slot | undefined)[];
  private nextId = 1;
  private failures = 0;
  private local?: RenderRunner;
  /** Reply buffers by the thread that wrote them, so they can go back to it once sent. */
  private readonly writtenBy = new WeakMap<ArrayBuffer, Slot>();

  constructor(config: LineageConfig) {
    const threads = GraphRenderPool.threadsFor(config.renderThreads, config.cores);
    if (threads < config.renderThreads) this.logger.log(`Rendering lineage answers on ${threads} thread(s), not ${config.renderThreads}: this machine has ${config.cores} core(s)`);
    this.slots = new Array(threads).fill(undefined);
  }

  /**
   * No more threads than cores. Not one fewer: the main thread is not busy
   * all the time (it waits on the socket and on answers), and big answers
   * keep a single render thread busy while it idles (ADR 0010, "Two render
   * threads on two cores").
   */
  static threadsFor(configured: number, cores: number): number {
    return Math.min(configured, Math.max(0, cores));
  }

  /** Render threads this pool may start. */
  get capacity(): number {
    return this.slots.length;
  }

  get threads(): number {
    return this.slots.filter((s) => s !== undefined).length;
  }

  render(index: LineageIndex, job: RenderJob): Promise<RenderOutput> {
    const slot = this.pick();
    if (!slot) return Promise.resolve(this.renderHere(index, job));
    const view = index.view();
    if (slot.view !== view) {
      slot.worker.postMessage({ type: 'index', view } satisfies RenderMessage);
      slot.view = view;
    }
    const id = this.nextId++;
    return new Promise<RenderOutput>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      if (slot.pending.size === 1) slot.worker.ref();
      // The spare buffers ride with the job: a message of their own cost a post (and a wake-up of the thread) per answer.
      const spares = slot.spares.splice(0);
      // Field types go once per new view, like the index: shared memory in a message cost more than the rest of it
      const { types, ...rest } = job;
      const sent = types === undefined || types === slot.types ? rest : job;
      if (types !== undefined) slot.types = types;
      slot.worker.postMessage({ type: 'job', id, job: sent, spares } satisfies RenderMessage, spares);
    }).catch((err: Error) => {
      this.logger.warn(`Render thread failed a job, rendering on the main thread: ${err.message}`);
      return this.renderHere(index, job);
    });
  }

  /**
   * Hands an answer's buffer back to the thread that wrote it, for reuse, with
   * that thread's next job. Only once the answer is sent: the buffer is moved
   * then, and unusable here afterwards.
   */
  release(json: Buffer): void {
    const buffer = json.buffer as ArrayBuffer;
    const slot = this.writtenBy.get(buffer);
    if (!slot || this.slots.indexOf(slot) < 0) return;
    this.writtenBy.delete(buffer);
    if (slot.spares.length < MAX_SPARES) slot.spares.push(buffer);
  }

  /** On the caller's thread (no render threads, or none free). */
  renderHere(index: LineageIndex, job: RenderJob): RenderOutput {
    return this.runnerFor(index).run(job);
  }

  /** The walk alone, on the caller's thread: for answers rendered as objects (exports, impact, admin pages). */
  walkHere(index: LineageIndex, job: RenderJob): WalkResult {
    return this.runnerFor(index).walk(job);
  }

  private runnerFor(index: LineageIndex): RenderRunner {
    const view = index.view();
    if (this.local?.view !== view) this.local = new RenderRunner(view, this.local);
    return this.local;
  }

  /**
   * The first thread with nothing to do, else the one with the shortest
   * queue; started on demand; undefined when none is usable. First, not in
   * turn: a thread that keeps answering keeps the index's hot parts in its
   * core's cache, and a later one only takes jobs while the first is busy
   * (on the narrow bench graph, taking turns cost 10–20 % of the rate).
   */
  private pick(): Slot | undefined {
    if (this.slots.length === 0 || this.failures >= MAX_FAILURES) return undefined;
    let best: Slot | undefined;
    for (let i = 0; i < this.slots.length; i++) {
      const slot = (this.slots[i] ??= this.spawn(i));
      if (!best || slot.pending.size < best.pending.size) best = slot;
      if (best.pending.size === 0) break;
    }
    return best && best.pending.size < MAX_BACKLOG ? best : undefined;
  }

  private spawn(i: number): Slot {
    const worker = new Worker(compiledWorkerUrl('graph/render.worker.js', import.meta.url));
    const slot: Slot = { worker, pending: new Map(), spares: [] };
    worker.unref();
    worker.on('message', (reply: RenderReply) => {
      const waiter = slot.pending.get(reply.id);
      if (!waiter) return;
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) worker.unref();
      this.failures = 0;
      if (!reply.ok) waiter.reject(new Error(reply.error));
      else if ('unheld' in reply) waiter.resolve({ json: Buffer.alloc(0), unheld: reply.unheld, nodes: reply.nodes, truncated: reply.truncated });
      else {
        this.writtenBy.set(reply.buffer, slot);
        waiter.resolve({ json: Buffer.from(reply.buffer, 0, reply.length), nodes: reply.nodes, truncated: reply.truncated });
      }
    });
    const down = (err: Error) => {
      if (this.slots[i] !== slot) return;
      this.slots[i] = undefined;
      this.failures++;
      for (const waiter of slot.pending.values()) waiter.reject(err);
      slot.pending.clear();
      if (this.failures >= MAX_FAILURES) this.logger.error(`Render threads keep failing (${err.message}); rendering on the main thread from now on`);
    };
    worker.on('error', down);
    worker.on('exit', (code) => down(new Error(`render thread exited with code ${code}`)));
    return slot;
  }

  async onModuleDestroy(): Promise<void> {
    const workers = this.slots.filter((s): s is Slot => s !== undefined).map((s) => s.worker);
    this.slots.fill(undefined);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
