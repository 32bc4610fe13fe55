import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fullGc } from '../common/full-gc.js';
import { LineageConfig } from '../config/app-config.js';
import { type IndexBase, type IndexChanges, indexTime, LineageIndex, type WrittenChanges } from './graph/lineage-index.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import { type CommitWriter, OlStoreWriter } from '../ol-store/ol-store.writer.js';
import { openSnapshot, SnapshotUnusableError, writeSnapshot } from './index-snapshot.js';
import { type ChangeLogState, LineageRepository } from './lineage.repository.js';

const POLL_MS = 2000;
/** Attempts of a catch-up to a generation a writer reported (a poll already in flight may have read the state before the write). */
const CATCH_UP_ATTEMPTS = 3;
/** Commits of this process's writers waiting to be served, most kept (past it the oldest are dropped unmeasured: a whole build is running). */
const MAX_UNSERVED = 10_000;
/** Edges fed to a merge between two turns of the event loop. */
const MERGE_SLICE = 50_000;

type BuildReason = 'start' | 'fallback' | 'merge' | 'snapshot';

/**
 * What a writer of this process committed: the keys it changed (edges, runs
 * whose dataset links it wrote) and, when it knows them in full from its own
 * rows, the changes themselves (then the runs' links are not read).
 */
export interface OwnChanges {
  readonly edges: readonly string[];
  readonly runs: readonly string[];
  readonly written?: WrittenChanges;
}

/**
 * Holds the in-memory edge index (ADR 0007, ADR 0017). After start-up, without
 * blocking it, read from the snapshot file when there is a usable one (same
 * store, change log still reaching back to it), else built whole from the
 * store; afterwards it follows OL_GRAPH_STATE.generation
 * through the change log: when the generation moved (a poll every 2 s, a
 * writer of this process announcing a commit, or an ingestion awaiting
 * `catchUp`), the changes since its own generation are read and applied as a
 * new snapshot, swapped in at once. A whole build again only when the log no
 * longer reaches back to its generation. When the overlay of applied changes
 * grows, a new base is built from memory in the background.
 */
@Injectable()
export class LineageIndexService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LineageIndexService.name);
  private index?: LineageIndex;
  private timer?: NodeJS.Timeout;
  private stepping?: Promise<void>;
  private lastSeen = -1;
  /** The newest generation a writer of this process committed. */
  private announced = -1;
  private rebuilding = false;
  /** Changes applied while a merge runs, to apply to its result (undefined when no merge runs). */
  private duringMerge?: IndexChanges[];
  private readonly stopListening: () => void;
  /** The generation of the newest snapshot file written or read, and when. */
  private snapshot = { generation: -1, at: 0 };
  private saving?: Promise<void>;
  /** Why the last step failed (cleared by the next one that succeeds). */
  private lastError?: string;
  /** Generations committed by writers of this process and not served yet: when, and by which writer (lineage_index_visible_seconds). */
  private readonly unserved = new Map<number, { readonly at: number; readonly writer: CommitWriter }>();

  constructor(
    private readonly repository: LineageRepository,
    private readonly metrics: LineageMetrics,
    writer: OlStoreWriter,
    private readonly config: LineageConfig,
  ) {
    // Writers of this process say when they committed a new generation: apply it now, not at the next poll.
    this.stopListening = writer.onCommitted((generation, by) => {
      this.committed(generation, by);
      this.announced = Math.max(this.announced, generation);
      void this.refresh();
    });
  }

  onApplicationBootstrap(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), POLL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.stopListening();
    // A snapshot being written is finished (its temporary file would be left behind otherwise).
    await this.saving;
  }

  /** The ready index, or undefined while the first build runs. */
  current(): LineageIndex | undefined {
    return this.index;
  }

  /** Why the index could not be read or built lately, if it could not. */
  failure(): string | undefined {
    return this.lastError;
  }

  /** The graph generation the answers are based on (the cache keys include it). */
  generation(): number {
    return this.index?.generation ?? this.lastSeen;
  }

  /**
   * The newest generation this process knows the store at: what the index
   * serves, or what a writer of this process committed since (announced
   * before its apply ends). What caches of store reads key on, so a poster
   * reading a dataset or namespace right after its answer reads its write.
   */
  known(): number {
    return Math.max(this.generation(), this.announced);
  }

  /** Checks the generation and follows it (apply, or build whole); concurrent calls share one step. */
  refresh(): Promise<void> {
    this.stepping ??= this.step().finally(() => {
      this.stepping = undefined;
    });
    return this.stepping;
  }

  /** Resolves when the snapshot being written (if any) is on disk. */
  async snapshotWritten(): Promise<void> {
    await this.saving;
  }

  /**
   * What a writer of this process committed as `generation`, with the keys it
   * changed: when the index serves the generation just before, the change
   * is applied from what the writer wrote (reading the edges' ranks only),
   * or read by those keys (three reads, not the change log's four); else the
   * index catches up through the change log. Returns once the index
   * serves `generation` (or after a few attempts).
   */
  async applyOwn(generation: number, keys: OwnChanges): Promise<void> {
    this.committed(generation, 'ingestion');
    this.announced = Math.max(this.announced, generation);
    await this.stepping;
    const base = this.index;
    if (base && !this.rebuilding && base.generation === generation - 1 && !this.stepping) {
      this.stepping = this.applyKnown(base, generation, keys).finally(() => {
        this.stepping = undefined;
      });
      await this.stepping;
    }
    await this.catchUp(generation);
  }

  private async applyKnown(from: LineageIndex, generation: number, keys: OwnChanges): Promise<void> {
    try {
      const started = performance.now();
      const written = keys.written ? await this.repository.changesWritten(keys.written, generation) : undefined;
      const changes = written ?? (await this.repository.changesOf(keys, generation));
      if (this.index !== from) return; // a merge swapped a new base in meanwhile: the change log will bring it
      this.applied(from, changes, started);
      this.lastSeen = Math.max(this.lastSeen, generation);
    } catch (err) {
      this.logger.warn(`Lineage index: applying generation ${generation} failed (${(err as Error).message.split('\n')[0]}); following the change log instead`);
    }
  }

  /** Returns once the index serves `generation` or later (what a writer in this process just committed), or after a few attempts. */
  async catchUp(generation: number): Promise<void> {
    for (let i = 0; i < CATCH_UP_ATTEMPTS && this.generation() < generation; i++) await this.refresh();
  }

  /**
   * Before a read: when a writer of this process committed a generation the
   * index does not serve yet, waits for its change to be applied, so whoever
   * wrote reads it. Not while a whole build runs (that would hold reads for
   * its duration; the previous index answers meanwhile).
   */
  async ready(): Promise<void> {
    if (this.index && !this.rebuilding && this.announced > this.index.generation) await this.catchUp(this.announced);
  }

  private async step(): Promise<void> {
    try {
      await this.follow();
      this.lastError = undefined;
    } catch (err) {
      this.lastError = (err as Error).message.split('\n')[0];
      this.logger.warn(`Lineage index not refreshed: ${this.lastError}`);
    }
  }

  /** One step after the store: read the snapshot or build whole (the first time), or apply what changed. */
  private async follow(): Promise<void> {
    const state = await this.repository.changeLogState();
    this.lastSeen = state.generation;
    const from = this.index ?? (await this.fromSnapshot(state));
    if (from && from.generation === state.generation) {
      if (this.snapshotDue(from)) void this.merge(from);
      return;
    }
    if (!from || from.generation < state.completeAfter || from.generation > state.generation) {
      await this.rebuild(state.generation, from ? 'fallback' : 'start');
      return;
    }
    const started = performance.now();
    const changes = await this.repository.changesBetween(from.generation, state.generation);
    // A merge may have swapped in a new base of the same generation meanwhile: apply to whatever is current.
    const base = this.index;
    if (!base || base.generation !== from.generation) return;
    this.applied(base, changes, started);
  }

  /** Swaps in `base` with `changes` applied (a new snapshot), and starts a merge when the overlay is large or a snapshot is due. */
  private applied(base: LineageIndex, changes: IndexChanges, started: number): void {
    const next = base.apply(changes);
    this.duringMerge?.push(changes);
    this.index = next;
    this.metrics.indexApplySeconds.set((performance.now() - started) / 1000);
    this.metrics.indexChangesApplied.inc(changes.edges.length + changes.links.length);
    this.published(next);
    this.logger.debug(`Lineage index at generation ${next.generation}: ${changes.edges.length} edge changes, ${changes.links.length} run links applied`);
    if ((next.wantsMerge || this.snapshotDue(next)) && !this.duringMerge) void this.merge(next);
  }

  /** A whole build from the store (at start, or when the change log no longer reaches back to the index's generation). */
  private async rebuild(generation: number, reason: 'start' | 'fallback'): Promise<void> {
    this.rebuilding = true;
    try {
      const started = Date.now();
      const builder = LineageIndex.builder(generation);
      for await (const page of this.repository.activeEdgePages(this.horizonDate())) for (let i = 0; i < page.edges.length; i++) builder.addEdge(page.edges[i], page.ranks[i], page.from[i], page.to[i]);
      for (const link of await this.repository.datasetLinks()) builder.addLink(link);
      const index = builder.finish();
      index.view(); // the render threads' view is made here, off the request path
      this.index = index;
      this.duringMerge = undefined;
      this.built(index, Date.now() - started, reason);
      this.save(index.base());
      this.collectAfterBuild();
    } finally {
      this.rebuilding = false;
    }
  }

  /**
   * Folds the overlay into a new base, from memory, a slice of edges per turn
   * of the event loop; changes applied meanwhile are applied to the result
   * before it is swapped in.
   */
  private async merge(from: LineageIndex): Promise<void> {
    this.duringMerge = [];
    try {
      const started = Date.now();
      const builder = LineageIndex.builder(from.generation);
      let n = 0;
      for (const [edge, rank, start, end] of from.slots(this.horizon())) {
        builder.addEdge(edge, rank, start, end);
        if (++n % MERGE_SLICE === 0) await nextTurn();
      }
      for (const link of from.runLinks()) builder.addLink(link);
      let merged = builder.finish();
      const base = merged.base();
      for (const changes of this.duringMerge ?? []) merged = merged.apply(changes);
      // Only when nothing replaced the line of snapshots the merge started from (a whole build did, say).
      if (this.duringMerge === undefined || this.index?.generation !== merged.generation) return;
      merged.view();
      this.index = merged;
      this.built(merged, Date.now() - started, 'merge');
      this.save(base);
    } catch (err) {
      this.logger.warn(`Lineage index merge failed, keeping the overlay: ${(err as Error).message.split('\n')[0]}`);
    } finally {
      this.duringMerge = undefined;
    }
  }

  /**
   * The index of the snapshot file, when it is of this store and the change
   * log reaches back to it (the caller then applies the changes since); else
   * undefined, and the index is built whole.
   */
  private async fromSnapshot(state: ChangeLogState): Promise<LineageIndex | undefined> {
    const path = this.config.indexSnapshotPath;
    if (!path) return undefined;
    const started = Date.now();
    try {
      const opened = await openSnapshot(path);
      if (!opened) return undefined;
      const { header } = opened;
      const store = await this.repository.storeIdentity();
      let unusable: string | undefined;
      if (header.store !== store) unusable = 'it was built from another store';
      else if (header.generation > state.generation) unusable = `its generation ${header.generation} is ahead of the store's (${state.generation}): the store was restored from an older copy`;
      else if (header.generation < state.completeAfter) unusable = `the change log no longer reaches back to its generation ${header.generation} (complete after ${state.completeAfter})`;
      if (unusable !== undefined) {
        await opened.close();
        this.logger.log(`Lineage index snapshot ${path} not used: ${unusable}; building the index from the store`);
        return undefined;
      }
      const index = LineageIndex.fromBase(await opened.read());
      index.view();
      this.index = index;
      this.snapshot = { generation: index.generation, at: Date.now() };
      this.built(index, Date.now() - started, 'snapshot');
      this.collectAfterBuild();
      return index;
    } catch (err) {
      const why = err instanceof SnapshotUnusableError ? err.message : `reading it failed: ${(err as Error).message.split('\n')[0]}`;
      this.logger.warn(`Lineage index snapshot ${path} not used (${why}); building the index from the store`);
      return undefined;
    }
  }

  /** The instant history before which is not kept (LINEAGE_HISTORY_DAYS; the epoch when everything is kept). */
  horizonDate(): Date {
    const days = this.config.historyDays;
    return days === undefined ? new Date(0) : new Date(Date.now() - days * 86_400_000);
  }

  /** horizonDate in index seconds. */
  private horizon(): number {
    return indexTime(this.horizonDate().getTime());
  }

  /** True when the graph moved since the last snapshot and that snapshot is LINEAGE_INDEX_SNAPSHOT_MINUTES old. */
  private snapshotDue(index: LineageIndex): boolean {
    return (
      this.config.indexSnapshotPath !== '' &&
      !this.duringMerge &&
      !this.saving &&
      index.generation > this.snapshot.generation &&
      Date.now() - this.snapshot.at >= this.config.indexSnapshotMinutes * 60_000
    );
  }

  /** Writes a base to the snapshot file in the background (one write at a time; a newer base waits for the next occasion). */
  private save(base: IndexBase): void {
    const path = this.config.indexSnapshotPath;
    if (!path || this.saving || base.generation <= this.snapshot.generation) return;
    const started = Date.now();
    this.saving = (async () => {
      const store = await this.repository.storeIdentity();
      if (store === undefined) return;
      const bytes = await writeSnapshot(path, store, base);
      this.snapshot = { generation: base.generation, at: Date.now() };
      this.metrics.indexSnapshotGeneration.set(base.generation);
      this.logger.log(`Lineage index snapshot saved: generation ${base.generation}, ${(bytes / 1048576).toFixed(1)} MB to ${path} in ${Date.now() - started} ms`);
    })()
      .catch((err: Error) => this.logger.warn(`Lineage index snapshot not saved to ${path}: ${err.message.split('\n')[0]}`))
      .finally(() => {
        this.saving = undefined;
      });
  }

  /**
   * One full collection once a whole build or a snapshot read has left its
   * garbage (the pages read, the snapshot's sections; with a snapshot being
   * written, once it is): hundreds of megabytes at 10 M edges that V8 kept,
   * or not, for as long as the replica idled (see fullGc).
   */
  private collectAfterBuild(): void {
    void (this.saving ?? Promise.resolve()).then(() => {
      const ms = fullGc();
      this.logger.debug(`Garbage of the lineage index build collected in ${ms.toFixed(0)} ms`);
    });
  }

  private built(index: LineageIndex, ms: number, reason: BuildReason): void {
    this.metrics.indexBuildSeconds.set(ms / 1000);
    this.metrics.indexBuilds.inc({ reason });
    const bytes = this.published(index);
    this.logger.log(
      `Lineage index ready (${reason}): generation ${index.generation}, ${index.activeEdgeCount} edges, ${index.liveFieldCount} fields, ${index.datasetCount} datasets, ${(bytes / 1048576).toFixed(1)} MB of arrays, in ${ms} ms`,
    );
  }

  /** Notes when a writer of this process committed `generation`, to time how long until the index serves it. */
  private committed(generation: number, writer: CommitWriter): void {
    if (this.index && this.index.generation >= generation) return; // served already (a poll came first): nothing to wait for
    if (this.unserved.size >= MAX_UNSERVED) this.unserved.delete(this.unserved.keys().next().value as number);
    if (!this.unserved.has(generation)) this.unserved.set(generation, { at: performance.now(), writer });
  }

  /** Gauges of the index now served; returns its bytes. Commits of this process it now serves are timed. */
  private published(index: LineageIndex): number {
    if (this.unserved.size > 0) {
      const now = performance.now();
      for (const [generation, { at, writer }] of this.unserved) {
        if (generation > index.generation) continue;
        this.metrics.indexVisibleSeconds.observe({ writer }, (now - at) / 1000);
        this.unserved.delete(generation);
      }
    }
    const bytes = index.sharedBytes();
    this.metrics.indexEdges.set(index.activeEdgeCount);
    this.metrics.indexFields.set(index.liveFieldCount);
    this.metrics.indexBytes.set(bytes);
    this.metrics.indexGeneration.set(index.generation);
    this.metrics.indexOverlayEntries.set(index.overlaySize);
    return bytes;
  }
}
