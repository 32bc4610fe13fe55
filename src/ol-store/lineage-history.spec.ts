import { describe, expect, it } from 'vitest';
import { rng } from '../common/seeded-random.js';
import { type EdgeFacts, type HistoryRow, type HistoryStep, needsHistory, planHistory, type StoredDefinition, type StoredItem } from './lineage-history.js';

/**
 * A store as the writer keeps it, in memory: each item's latest interval,
 * the ended earlier ones, and the definitions recorded (kind R). `write`
 * plans a write over it and applies the plan as the writer's statements do.
 */
class Store {
  readonly items = { E: new Map<string, StoredItem>(), D: new Map<string, StoredItem>(), F: new Map<string, StoredItem>() };
  readonly history: HistoryRow[] = [];

  constructor(private readonly facts: ReadonlyMap<string, EdgeFacts>) {}

  write(steps: readonly HistoryStep[]): void {
    const first = Math.min(...steps.map((s) => s.at.getTime()));
    const definitions = new Map<string, StoredDefinition[]>();
    for (const h of this.history) {
      if (h.kind !== 'R' || (h.from as Date).getTime() <= first) continue;
      definitions.set(h.key, [...(definitions.get(h.key) ?? []), { at: h.from as Date, runId: h.openedBy }]);
    }
    // What the writer reads whole: edges seen before their row's interval, edges into defined targets with an earlier interval the definitions fall in.
    const load = new Set(needsHistory({ steps, stored: this.items }));
    const defined = steps.filter((s) => s.replaced.length > 0 || s.dropped.length > 0).map((s) => s.at.getTime());
    const targets = new Set(steps.flatMap((s) => [...s.replaced.map((r) => r.target), ...s.dropped.map((d) => d.target)]));
    if (defined.length > 0) {
      const [lo, hi] = [Math.min(...defined), Math.max(...defined)];
      for (const h of this.history) if (h.kind === 'E' && h.to.getTime() > lo && (h.from as Date).getTime() <= hi && targets.has(this.facts.get(h.key)?.target ?? '')) load.add(h.key);
    }
    const histories = new Map([...load].map((id) => [id, this.history.filter((h) => h.kind === 'E' && h.key === id)] as const));
    const plan = planHistory({ steps, stored: this.items, edges: this.facts, definitions, histories });
    for (const item of plan.items) this.items[item.kind].set(item.key, { active: item.active, ...item.validity });
    for (const [id, rows] of plan.rewritten) {
      for (let i = this.history.length - 1; i >= 0; i--) if (this.history[i].kind === 'E' && this.history[i].key === id) this.history.splice(i, 1);
      this.history.push(...rows);
    }
    for (const h of plan.history) {
      const recorded = h.kind === 'R' && this.history.some((x) => x.kind === 'R' && x.key === h.key && x.from?.getTime() === h.from?.getTime() && x.openedBy === h.openedBy);
      if (!recorded) this.history.push(h);
    }
  }

  /** Every interval of every edge, sorted: [id, from, to]. */
  intervals(): string[] {
    const t = (d: Date | null) => (d === null ? '∞' : String((d.getTime() - T(0).getTime()) / 1000));
    const out = [...this.items.E].filter(([, s]) => s.from !== null && (s.to === null || s.to > s.from)).map(([id, s]) => `${id} ${t(s.from)}..${t(s.to)}`);
    for (const h of this.history) if (h.kind === 'E' && h.to > (h.from as Date)) out.push(`${h.key} ${t(h.from)}..${t(h.to)}`);
    return out.sort();
  }

  /** The edges true at `at`. */
  trueAt(at: number): string[] {
    return this.intervals()
      .filter((line) => {
        const [from, to] = line.split(' ')[1].split('..');
        return Number(from) <= at && (to === '∞' || at < Number(to));
      })
      .map((line) => line.split(' ')[0])
      .sort();
  }
}

const T = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);
const step = (at: number, run: string, over: Partial<HistoryStep> = {}): HistoryStep => ({ at: T(at), runId: run, edges: [], datasets: [], fields: [], replaced: [], dropped: [], ...over });
const define = (at: number, run: string, target: string, edges: string[]): HistoryStep => step(at, run, { edges, replaced: [{ target, keep: new Set(edges) }] });
const facts = (ids: string[], target = 'ns\u0001db.v'): Map<string, EdgeFacts> => new Map(ids.map((id) => [id, { target, replaceable: true }]));

describe('planHistory', () => {
  it('a view redefined twice: each definition holds from its statement until the next', () => {
    const store = new Store(facts(['a', 'b', 'c']));
    store.write([define(10, 'dbql_1', 'ns\u0001db.v', ['a'])]);
    store.write([define(20, 'dbql_2', 'ns\u0001db.v', ['b'])]);
    store.write([define(30, 'dbql_3', 'ns\u0001db.v', ['c'])]);
    expect(store.intervals()).toEqual(['a 10..20', 'b 20..30', 'c 30..∞']);
    const a = store.items.E.get('a');
    expect(a).toMatchObject({ active: false, openedBy: 'dbql_1', closedBy: 'dbql_2' });
    expect(store.history.filter((h) => h.kind === 'R').map((h) => h.openedBy)).toEqual(['dbql_1', 'dbql_2', 'dbql_3']);
  });

  it('a definition that comes back: the edge holds again, its earlier interval kept', () => {
    const store = new Store(facts(['a', 'b']));
    store.write([define(10, 'dbql_1', 'ns\u0001db.v', ['a']), define(20, 'dbql_2', 'ns\u0001db.v', ['b']), define(30, 'dbql_3', 'ns\u0001db.v', ['a'])]);
    expect(store.intervals()).toEqual(['a 10..20', 'a 30..∞', 'b 20..30']);
    expect(store.items.E.get('a')).toMatchObject({ active: true, openedBy: 'dbql_3' });
  });

  it('a write that sees an edge again leaves it; one that sees it earlier moves its start back', () => {
    const store = new Store(facts(['a']));
    store.write([step(50, 'dbql_5', { edges: ['a'] })]);
    store.write([step(60, 'dbql_6', { edges: ['a'] })]);
    expect(store.intervals()).toEqual(['a 50..∞']);
    store.write([step(40, 'dbql_4', { edges: ['a'] })]);
    expect(store.intervals()).toEqual(['a 40..∞']);
    expect(store.items.E.get('a')?.openedBy).toBe('dbql_4');
  });

  it('a drop ends the dataset, its fields and the edges into it; seen again, they come back', () => {
    const store = new Store(facts(['a'], 'ns\u0001db.t'));
    store.items.F.set('ns/db.t/x', { active: true, from: null, to: null, openedBy: null, closedBy: null });
    store.write([step(10, 'dbql_1', { edges: ['a'], datasets: ['ns/db.t'], fields: ['ns/db.t/x'] })]);
    const fieldsOf = new Map([['ns/db.t', ['ns/db.t/x']]]);
    const plan = planHistory({
      steps: [step(20, 'dbql_2', { dropped: [{ datasetId: 'ns/db.t', target: 'ns\u0001db.t' }] })],
      stored: store.items,
      edges: facts(['a'], 'ns\u0001db.t'),
      fieldsOf,
    });
    const ended = new Map(plan.items.map((i) => [`${i.kind} ${i.key}`, i]));
    expect(ended.get('E a')?.validity).toMatchObject({ to: T(20), closedBy: 'dbql_2' });
    expect(ended.get('D ns/db.t')?.validity).toMatchObject({ from: T(10), to: T(20) });
    expect(ended.get('F ns/db.t/x')?.validity).toMatchObject({ from: T(10), to: T(20) });
  });

  it('ends only what started at or before the definition: an edge of a later definition stays', () => {
    const store = new Store(facts(['a', 'b']));
    store.write([define(20, 'dbql_2', 'ns\u0001db.v', ['b'])]);
    store.write([define(10, 'dbql_1', 'ns\u0001db.v', ['a'])]);
    // read late, the first definition ends where the later one (already recorded) begins
    expect(store.intervals()).toEqual(['a 10..20', 'b 20..∞']);
    expect(store.items.E.get('a')?.closedBy).toBe('dbql_2');
  });

  it('reading the same statements again changes nothing and records each definition once', () => {
    const store = new Store(facts(['a', 'b', 'c']));
    const window = [define(10, 'dbql_1', 'ns\u0001db.v', ['a']), step(15, 'dbql_9', { edges: ['c'] }), define(20, 'dbql_2', 'ns\u0001db.v', ['b'])];
    store.write(window);
    const before = { intervals: store.intervals(), history: store.history.length };
    store.write(window);
    store.write(window.slice(1));
    expect(store.intervals()).toEqual(before.intervals);
    expect(store.history.length).toBe(before.history);
  });

  it('property: a past window read after a later one, then the later one read again, gives the intervals reading them in time order gives', () => {
    let checked = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const ids = ['a', 'b', 'c', 'd', 'e'];
      const targets = ['ns\u0001db.v', 'ns\u0001db.w'];
      const edgeFacts = new Map(ids.map((id, i) => [id, { target: targets[i % 2], replaceable: true }] as const));
      // distinct times: a history of definitions (producing some edges of their target) and writes (adding some)
      const times = [...new Set(Array.from({ length: 3 + Math.floor(r() * 10) }, () => 1 + Math.floor(r() * 100)))].sort((x, y) => x - y);
      const statements = times.map((at, k) => {
        const target = targets[Math.floor(r() * 2)];
        const into = ids.filter((id) => edgeFacts.get(id)?.target === target && r() < 0.5);
        return r() < 0.5 ? define(at, `dbql_${k}`, target, into) : step(at, `dbql_${k}`, { edges: into });
      });
      const inOrder = new Store(edgeFacts);
      for (const s of statements) inOrder.write([s]);
      // In batches of random sizes, each window in time order: the later window, the earlier one, the later one again.
      const cut = 1 + Math.floor(r() * (statements.length - 1));
      const late = new Store(edgeFacts);
      const inBatches = (window: readonly HistoryStep[]) => {
        for (let i = 0; i < window.length; ) {
          const n = 1 + Math.floor(r() * 3);
          late.write(window.slice(i, i + n));
          i += n;
        }
      };
      inBatches(statements.slice(cut));
      inBatches(statements.slice(0, cut));
      inBatches(statements.slice(cut));
      for (let at = 0; at <= 101; at++) expect(late.trueAt(at), `seed ${seed} at ${at}`).toEqual(inOrder.trueAt(at));
      checked++;
    }
    expect(checked).toBe(300);
  });

  it('property: a past window of definitions alone read after a later one gives the intervals in time order at once', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const r = rng(seed);
      const ids = ['a', 'b', 'c', 'd'];
      const target = 'ns\u0001db.v';
      const edgeFacts = new Map(ids.map((id) => [id, { target, replaceable: true }] as const));
      const times = [...new Set(Array.from({ length: 2 + Math.floor(r() * 8) }, () => 1 + Math.floor(r() * 100)))].sort((x, y) => x - y);
      const statements = times.map((at, k) => define(at, `dbql_${k}`, target, ids.filter(() => r() < 0.5)));
      const inOrder = new Store(edgeFacts);
      for (const s of statements) inOrder.write([s]);
      const cut = Math.floor(r() * statements.length);
      const late = new Store(edgeFacts);
      for (const window of [statements.slice(cut), statements.slice(0, cut)]) {
        for (let i = 0; i < window.length; ) {
          const n = 1 + Math.floor(r() * 3);
          late.write(window.slice(i, i + n));
          i += n;
        }
      }
      for (let at = 0; at <= 101; at++) expect(late.trueAt(at), `seed ${seed} at ${at}: ${statements.map((x) => `${x.at.getTime() / 1000 - T(0).getTime() / 1000}[${x.edges.join('')}]`).join(' ')} cut ${cut}; ${late.intervals().join(', ')}`).toEqual(inOrder.trueAt(at));
    }
  });
});
