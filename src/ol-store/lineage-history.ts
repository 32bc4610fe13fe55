/**
 * Pure: when each edge, dataset and field of a write was true (ADR 0024).
 *
 * A write comes as steps in the order they were read (DBQL statements at
 * their StartTime, OpenLineage events at their eventTime, view definitions
 * at their LastAlterTimeStamp): what each saw, which targets it defined
 * afresh (a REPLACE VIEW, a CREATE TABLE … AS: the target's earlier edges
 * it does not produce stop), which datasets it dropped. `planHistory` plays
 * them one after the other, exactly as writing them one by one would, over
 * the items as the store holds them, and says what to write: the items to
 * insert with their interval, the stored ones whose interval moved, and the
 * intervals that ended before an item came back (OL_LINEAGE_HISTORY).
 *
 * An item is true over [valid_from, valid_to) (valid_to null: still true),
 * opened and closed by a run. Seen at `at`:
 * - an item the store does not hold starts at `at`;
 * - a true item seen before its valid_from starts earlier (a past window
 *   populated after a later one), never before an earlier interval of it
 *   ended;
 * - an ended item seen at or after its end comes back at `at` (its ended
 *   interval goes to the history); seen before its end, only its start may
 *   move back.
 * Ended at `at` (a definition of its target that does not produce it, a
 * drop): only a true item that started at or before `at` ends; one that
 * started later belongs to a later definition and stays; one that ended
 * after `at` (a definition read late) ends at `at` instead.
 *
 * Statements are not always read in time order (a past window populated
 * after a later one, two parsing engines' DBQL buffers). Every definition
 * and drop is therefore recorded (OL_LINEAGE_HISTORY kind `R`, its target
 * and time), and an edge that becomes true at `at` ends at the first
 * definition of its target after `at` that did not produce it: a stored
 * one did not (had it, the edge would be stored true across it), one
 * played earlier in this write says so by its `keep`. So a window read
 * after a later one gives the intervals reading them in time order gives.
 */

export type ItemKind = 'E' | 'D' | 'F';

/** An interval as stored: from (null: never seen by a statement or event, the dictionary's alone), to (null: still true), and the runs that opened and closed it. */
export interface Validity {
  readonly from: Date | null;
  readonly to: Date | null;
  readonly openedBy: string | null;
  readonly closedBy: string | null;
}

/** An item as the store holds it: its latest interval (active = still true). */
export interface StoredItem extends Validity {
  readonly active: boolean;
}

/** An earlier, ended interval of an item, or (`R`) a definition or drop of a target (an OL_LINEAGE_HISTORY row). */
export interface HistoryRow {
  readonly kind: ItemKind | 'R';
  readonly key: string;
  readonly from: Date | null;
  readonly to: Date;
  readonly openedBy: string | null;
  readonly closedBy: string | null;
}

/** A dataset whose definition a step replaced: its edges the step does not keep stop (those of the runs `replaceable` covers). */
export interface StepTarget {
  /** namespace (as edges name it) + '\u0001' + dataset name: the edges' target. */
  readonly target: string;
  /** Lineage ids into the target the definition produces. */
  readonly keep: ReadonlySet<string>;
  /** Only edges first written by runs of this job end (an OpenLineage job's later run); else those of replaceable runs (DBQL, view definitions). */
  readonly jobId?: string;
}

/** One thing that happened: a statement, an event, a view definition. */
export interface HistoryStep {
  readonly at: Date;
  /** The run that stands for it (OL_RUN.run_id); null when none (a DatasetEvent). */
  readonly runId: string | null;
  readonly edges: readonly string[];
  readonly datasets: readonly string[];
  readonly fields: readonly string[];
  /** Targets it defined afresh. */
  readonly replaced: readonly StepTarget[];
  /** Datasets it dropped (dataset ids): they, their fields and the edges into them that replaceable runs (or runs of `jobId`) wrote end. */
  readonly dropped: readonly { readonly datasetId: string; readonly target: string; readonly jobId?: string }[];
}

/** An edge the plan may end: its target, and who wrote it first. */
export interface EdgeFacts {
  readonly target: string;
  /** True when a definition of its target may end it (written first by a DBQL or view-definition run). */
  readonly replaceable: boolean;
  /** The job of the run that first wrote it, when known. */
  readonly jobId?: string | null;
}

/** A definition or drop of a target the store recorded (kind `R`). */
export interface StoredDefinition {
  readonly at: Date;
  readonly runId: string | null;
}

export interface HistoryInput {
  readonly steps: readonly HistoryStep[];
  /** Items as stored, by kind and key (absent: not in the store). */
  readonly stored: { readonly E: ReadonlyMap<string, StoredItem>; readonly D: ReadonlyMap<string, StoredItem>; readonly F: ReadonlyMap<string, StoredItem> };
  /** Facts of every edge the plan may end: the steps' edges and the stored edges into replaced or dropped targets. */
  readonly edges: ReadonlyMap<string, EdgeFacts>;
  /** Fields of the dropped datasets as stored (field ids by dataset id), which end with them. */
  readonly fieldsOf?: ReadonlyMap<string, readonly string[]>;
  /**
   * Every earlier interval of the edges whose history the write may edit
   * (see `needsHistory`); the plan then writes their history whole. Other
   * items' earlier intervals are only ever added to.
   */
  readonly histories?: ReadonlyMap<string, readonly HistoryRow[]>;
  /** Definitions and drops the store recorded, by target (those after the write's earliest step suffice). */
  readonly definitions?: ReadonlyMap<string, readonly StoredDefinition[]>;
}

/** What to write for one item. */
export interface PlannedItem {
  readonly kind: ItemKind;
  readonly key: string;
  /** Not in the store: inserted with this interval. */
  readonly created: boolean;
  readonly active: boolean;
  /** Its latest interval (the row's). */
  readonly validity: Validity;
  /** Stored, and its interval or state changed. */
  readonly changed: boolean;
  /** Stored inactive, now active. */
  readonly reactivated: boolean;
  /** Active at some point (stored or created), now inactive. */
  readonly deactivated: boolean;
}

export interface HistoryPlan {
  readonly items: readonly PlannedItem[];
  /** Earlier intervals to add, and the write's definitions and drops (`R`). */
  readonly history: readonly HistoryRow[];
  /** Edges whose history the plan edited: their earlier intervals, whole (the caller replaces what it holds of them). */
  readonly rewritten: ReadonlyMap<string, readonly HistoryRow[]>;
  /** Edges whose intervals changed, whatever changed (the change log's edges). */
  readonly touched: ReadonlySet<string>;
}

/** One interval of an item while the plan plays (ms; to null: still true). */
interface Span {
  from: number | null;
  to: number | null;
  openedBy: string | null;
  closedBy: string | null;
  /** A stored history row, the stored row, or new in this write. */
  readonly origin: 'history' | 'row' | 'new';
}

interface State {
  readonly kind: ItemKind;
  readonly key: string;
  readonly stored?: StoredItem;
  /** Every interval known, by start (null first: never seen); the last one is the row's. */
  spans: Span[];
  /** Its earlier intervals were loaded whole (an edited history is written whole). */
  readonly whole: boolean;
  historyEdited: boolean;
  wasActive: boolean;
}

/** A definition on a target's timeline: stored (keep unknown: it did not produce an edge that was not true across it) or played in this write. */
interface Definition {
  readonly at: number;
  readonly runId: string | null;
  readonly keep?: ReadonlySet<string>;
}

const ms = (d: Date | null) => (d === null ? null : d.getTime());
const date = (t: number | null) => (t === null ? null : new Date(t));
const contains = (s: Span, t: number) => (s.from === null || s.from <= t) && (s.to === null || t < s.to);

/**
 * The edges whose history a write may edit, whose earlier intervals the
 * caller reads whole before planning: those seen before the start of
 * their row's interval (a past window read late). The caller adds those
 * with an earlier interval the write's definitions fall in.
 */
export function needsHistory(input: Pick<HistoryInput, 'steps' | 'stored'>): string[] {
  const first = new Map<string, Date>();
  for (const step of input.steps) {
    for (const id of step.edges) {
      const seen = first.get(id);
      if (!seen || step.at < seen) first.set(id, step.at);
    }
  }
  const out: string[] = [];
  for (const [id, at] of first) {
    const s = input.stored.E.get(id);
    if (s && s.from !== null && at < s.from) out.push(id);
  }
  return out;
}

/** Plays the steps over the stored items (see the module comment). */
export function planHistory(input: HistoryInput): HistoryPlan {
  const states = new Map<string, State>();
  const added: HistoryRow[] = [];
  const byTarget = new Map<string, Set<string>>();
  for (const [id, facts] of input.edges) {
    let set = byTarget.get(facts.target);
    if (!set) byTarget.set(facts.target, (set = new Set()));
    set.add(id);
  }
  const timeline = new Map<string, Definition[]>();
  for (const [target, list] of input.definitions ?? []) timeline.set(target, list.map((d) => ({ at: d.at.getTime(), runId: d.runId })));
  const define = (target: string, d: Definition) => {
    let list = timeline.get(target);
    if (!list) timeline.set(target, (list = []));
    list.push(d);
  };
  /** The first definition of the edge's target after `at` (and before `before`) that does not produce it. */
  const nextEnd = (id: string, at: number, before: number | null): Definition | undefined => {
    const facts = input.edges.get(id);
    if (!facts?.replaceable) return undefined;
    let best: Definition | undefined;
    for (const d of timeline.get(facts.target) ?? []) {
      if (d.at <= at || (before !== null && d.at >= before) || d.keep?.has(id)) continue;
      if (!best || d.at < best.at) best = d;
    }
    return best;
  };
  /** True when the edge's target was defined at `at`. */
  const definedAt = (id: string, at: number): boolean => {
    const facts = input.edges.get(id);
    return facts?.replaceable === true && (timeline.get(facts.target) ?? []).some((d) => d.at === at);
  };
  const load = (kind: ItemKind, key: string): State => {
    const k = `${kind}\u0001${key}`;
    let s = states.get(k);
    if (!s) {
      const stored = input.stored[kind].get(key);
      const history = kind === 'E' ? input.histories?.get(key) : undefined;
      const spans: Span[] = (history ?? []).map((h): Span => ({ from: ms(h.from), to: ms(h.to), openedBy: h.openedBy, closedBy: h.closedBy, origin: 'history' }));
      spans.sort((a, b) => (a.from ?? -Infinity) - (b.from ?? -Infinity));
      // the row holds the latest interval (an inactive one whose end is unknown: true over nothing)
      if (stored) spans.push({ from: ms(stored.from), to: stored.active ? null : (ms(stored.to) ?? ms(stored.from)), openedBy: stored.openedBy, closedBy: stored.closedBy, origin: 'row' });
      s = { kind, key, stored, spans, whole: history !== undefined, historyEdited: false, wasActive: stored?.active ?? false };
      states.set(k, s);
    }
    return s;
  };
  const current = (s: State): Span | undefined => s.spans[s.spans.length - 1];
  /** A stored history row changed: the item's history is written whole (it was loaded whole: see needsHistory). */
  const edited = (s: State, span: Span) => {
    if (span.origin === 'history') s.historyEdited = true;
  };
  /** A new span from `at`: up to the first definition that did not produce it (and no further than `until`). */
  const openSpan = (s: State, at: number, run: string | null, until: number | null): Span => {
    const d = s.kind === 'E' ? nextEnd(s.key, at, until) : undefined;
    if (d) return { from: at, to: d.at, openedBy: run, closedBy: d.runId, origin: 'new' };
    return { from: at, to: until, openedBy: run, closedBy: null, origin: 'new' };
  };
  const see = (kind: ItemKind, key: string, at: Date, run: string | null) => {
    const s = load(kind, key);
    const t = at.getTime();
    // a row never seen (the dictionary's: from null, still true) is seen from now on
    const unseen = s.spans.find((span) => span.from === null && span.to === null);
    if (unseen) {
      unseen.from = t;
      unseen.openedBy = run;
      edited(s, unseen);
      return;
    }
    if (s.spans.some((span) => contains(span, t))) return;
    const next = s.spans.find((span) => (span.from as number) > t);
    if (!next) {
      // after every interval: it is true again (or for the first time) from `at`
      const span = openSpan(s, t, run, null);
      s.spans.push(span);
      if (span.to === null) s.wasActive = true;
      return;
    }
    // Before an interval: that interval starts earlier, unless a definition that did not produce it comes between, or one
    // that did starts it (kept as it is: a definition read later still ends the earlier part only).
    const part = openSpan(s, t, run, next.from);
    if (part.to === next.from && part.closedBy === null && !definedAt(s.key, next.from as number)) {
      next.from = t;
      next.openedBy = run;
      edited(s, next);
    } else {
      s.spans.splice(s.spans.indexOf(next), 0, part);
    }
  };
  const end = (kind: ItemKind, key: string, at: Date, run: string | null) => {
    const s = load(kind, key);
    const t = at.getTime();
    const span = s.spans.find((x) => contains(x, t));
    if (!span) return;
    if (span.to === null && span === current(s)) s.wasActive = true;
    // true at `at`: it ends there (an ended one read late ends earlier, at the definition that ended it first)
    span.to = t;
    span.closedBy = run;
    edited(s, span);
  };

  // Steps in the order given: a step ends what it replaces or drops before it sees what it states.
  for (const step of input.steps) {
    const { at, runId } = step;
    for (const r of step.replaced) {
      for (const id of byTarget.get(r.target) ?? []) {
        const facts = input.edges.get(id) as EdgeFacts;
        const mayEnd = r.jobId !== undefined ? facts.jobId === r.jobId : facts.replaceable;
        if (mayEnd && !r.keep.has(id)) end('E', id, at, runId);
      }
      if (r.jobId === undefined) {
        define(r.target, { at: at.getTime(), runId, keep: r.keep });
        added.push({ kind: 'R', key: r.target, from: at, to: at, openedBy: runId, closedBy: null });
      }
    }
    for (const d of step.dropped) {
      for (const id of byTarget.get(d.target) ?? []) {
        const facts = input.edges.get(id) as EdgeFacts;
        if (facts.replaceable || (d.jobId !== undefined && facts.jobId === d.jobId)) end('E', id, at, runId);
      }
      for (const f of input.fieldsOf?.get(d.datasetId) ?? []) end('F', f, at, runId);
      end('D', d.datasetId, at, runId);
      define(d.target, { at: at.getTime(), runId, keep: new Set() });
      added.push({ kind: 'R', key: d.target, from: at, to: at, openedBy: runId, closedBy: null });
    }
    for (const id of step.edges) see('E', id, at, runId);
    for (const id of step.datasets) see('D', id, at, runId);
    for (const id of step.fields) see('F', id, at, runId);
  }

  const items: PlannedItem[] = [];
  const rewritten = new Map<string, HistoryRow[]>();
  const touched = new Set<string>();
  for (const s of states.values()) {
    const row = s.spans[s.spans.length - 1];
    if (!row) continue;
    // Empty spans (ended at the instant they started) are true over nothing: only the row's is kept, as the row.
    const earlier = s.spans.slice(0, -1).filter((x) => x.from === null || x.to === null || x.to > x.from);
    const asRow = (x: Span): HistoryRow => ({ kind: s.kind, key: s.key, from: date(x.from), to: new Date(x.to ?? x.from ?? 0), openedBy: x.openedBy, closedBy: x.closedBy });
    if (s.historyEdited && s.whole) {
      rewritten.set(s.key, earlier.map(asRow));
      touched.add(s.key);
    } else {
      const fresh = earlier.filter((x) => x.origin !== 'history');
      for (const x of fresh) added.push(asRow(x));
      if (fresh.length > 0 && s.kind === 'E') touched.add(s.key);
    }
    const active = row.to === null;
    const validity: Validity = { from: date(row.from), to: date(row.to), openedBy: row.openedBy, closedBy: row.closedBy };
    const stored = s.stored;
    const changed =
      stored !== undefined &&
      (stored.active !== active || ms(stored.from) !== row.from || (stored.active ? null : ms(stored.to)) !== row.to || stored.openedBy !== row.openedBy || stored.closedBy !== row.closedBy);
    if (s.kind === 'E' && (changed || stored === undefined)) touched.add(s.key);
    if (stored !== undefined && !changed) continue;
    items.push({
      kind: s.kind,
      key: s.key,
      created: stored === undefined,
      active,
      validity,
      changed,
      reactivated: stored !== undefined && !stored.active && active,
      deactivated: (s.wasActive || stored === undefined) && !active,
    });
  }
  return { items, history: added, rewritten, touched };
}
