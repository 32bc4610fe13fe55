import { getDialects, parse } from '@polyglot-sql/sdk';
import type { TransformationSubtype, TransformationType } from '../../model/transformation.js';
import type { ExtractedEdge, ExtractionContext, ExtractionError, StatementLineage, StatementType } from './extraction.types.js';
import { normalizeTeradata, splitScript, tokenize } from './normalize.js';

/**
 * SQL → column lineage by walking the polyglot syntax tree. Pure: no I/O.
 * Scopes (FROM items, CTEs, derived tables) are resolved to the columns
 * they expose; each output column gets the set of source columns its
 * expression reads, with how it reads them.
 */

type Node = Record<string, unknown>;
type IndirectSubtype = 'FILTER' | 'JOIN' | 'GROUP_BY' | 'SORT';
type Kind = 'identity' | 'transform' | 'agg' | 'cond' | 'window';
const RANK: Record<Kind, number> = { identity: 0, transform: 1, agg: 2, window: 3, cond: 4 };

interface Up {
  readonly dataset: string;
  readonly field: string;
  readonly kind: Kind;
  readonly masking: boolean;
  /** Not checked against known columns (no metadata for the table, or read through an unexpanded `*`). */
  readonly guessed: boolean;
  /** Unqualified, several candidate tables, none known to have it: attributed to one by position. */
  readonly weak?: boolean;
}

interface OutCol {
  readonly name: string | null;
  readonly ups: readonly Up[];
}

interface Source {
  readonly alias: string;
  /** Lower-case `db.table` for a table source. */
  readonly table?: string;
  /** Known columns (tables: dictionary or session; derived: output names). */
  readonly columns: readonly string[] | null;
  /** Derived tables and CTEs: lineage of each output column. */
  readonly derived?: readonly OutCol[];
}

/** A CTE is resolved when first referenced, so unused ones read nothing. */
interface Cte {
  get(): OutCol[];
}

interface Scope {
  readonly sources: Source[];
  readonly ctes: ReadonlyMap<string, Cte>;
  readonly parent?: Scope;
  /** Projection aliases of the SELECT being resolved (Teradata lets later items and QUALIFY use them). */
  aliases?: Map<string, readonly Up[]>;
  /** Columns of JOIN … USING: an unqualified reference reads every side. */
  using?: Set<string>;
}

const AGGREGATES = new Set([
  'sum', 'count', 'avg', 'min', 'max', 'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp', 'median', 'listagg',
  'string_agg', 'array_agg', 'group_concat', 'approx_count_distinct', 'count_if', 'any_value', 'corr', 'covar_pop', 'covar_samp',
  'percentile_cont', 'percentile_disc', 'collect_list', 'collect_set', 'bit_and', 'bit_or', 'bool_and', 'bool_or', 'every', 'regr_slope',
  // Teradata's moving/cumulative aggregates.
  'csum', 'msum', 'mavg', 'mdiff', 'mlinreg',
]);
const MASKING = new Set(['hashrow', 'hashbucket', 'hashamp', 'hashbakamp', 'md5', 'sha', 'sha1', 'sha2', 'sha256', 'sha512', 'hash_md5', 'hash_sha1', 'hash_sha256', 'hash_sha512', 'otranslate', 'mask', 'hash']);
/** Teradata built-in values written like a bare column (reserved words there). */
const BUILTIN_VALUES = new Set(['DATE', 'TIME', 'USER', 'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'CURRENT_USER', 'SESSION', 'ACCOUNT', 'DATABASE', 'ROLE', 'PROFILE']);
const QUERY_KEYS = new Set(['select', 'union', 'except', 'intersect', 'subquery']);

export class ExtractionFailure extends Error {
  constructor(readonly error: ExtractionError) {
    super(error.message);
  }
}

function key(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  return keys.length === 1 ? keys[0] : undefined;
}

function inner(node: unknown): Node {
  const k = key(node);
  return (k ? (node as Node)[k] : node) as Node;
}

function identName(n: unknown): string | null {
  if (n === null || n === undefined) return null;
  if (typeof n === 'string') return n;
  const o = n as Node;
  if (typeof o.name === 'string') return o.name;
  if (o.name && typeof o.name === 'object') return identName(o.name);
  if (o.identifier) return identName(o.identifier);
  if (o.column) return identName((o.column as Node).name);
  if (typeof o.this === 'string') return o.this;
  return null;
}

function lower(s: string): string {
  return s.toLowerCase();
}

/** Session state shared by the statements of one script or DBQL session. */
export class SessionState {
  defaultDatabase: string | null;
  /** Tables created or seen in this session: columns. */
  readonly created = new Map<string, string[]>();
  /** Volatile tables: lineage of each column back to permanent sources. */
  readonly volatile = new Map<string, Map<string, Up[]>>();

  constructor(readonly context: ExtractionContext) {
    this.defaultDatabase = context.defaultDatabase ? lower(context.defaultDatabase) : null;
  }

  columnsOf(table: string): readonly string[] | null {
    return this.created.get(table) ?? this.context.metadata?.get(table) ?? null;
  }
}

class StatementWalker {
  readonly inTables = new Set<string>();
  readonly warnings: string[] = [];
  /** Columns that decide which rows reach the targets (WHERE, JOIN, GROUP BY, ORDER BY …): INDIRECT edges into `target.*`. */
  readonly indirect = new Map<string, { readonly subtype: IndirectSubtype; readonly up: Up }>();

  noteIndirect(subtype: IndirectSubtype, ups: readonly Up[]): void {
    for (const up of ups) {
      if (up.field === '*') continue;
      const k = `${subtype}\u0000${up.dataset}\u0000${up.field}`;
      if (!this.indirect.has(k)) this.indirect.set(k, { subtype, up });
    }
  }

  private readonly teradata: boolean;

  constructor(private readonly session: SessionState) {
    this.teradata = (session.context.dialect ?? 'teradata') === 'teradata';
  }

  tableName(node: Node): string {
    const name = identName(node.name) ?? '';
    const schema = identName(node.schema);
    const catalog = identName(node.catalog);
    if (catalog && schema) return lower(`${catalog}.${schema}.${name}`);
    if (schema) return lower(`${schema}.${name}`);
    return this.session.defaultDatabase ? `${this.session.defaultDatabase}.${lower(name)}` : lower(name);
  }

  /** A FROM item → sources (a join adds its own). */
  private fromItem(item: unknown, scope: Scope): void {
    const k = key(item);
    const n = inner(item);
    if (k === 'table') {
      const bare = identName(n.name) ?? '';
      const alias = identName(n.alias) ?? bare;
      if (!identName(n.schema) && scope.ctes.has(lower(bare))) {
        const cols = (scope.ctes.get(lower(bare)) as Cte).get();
        scope.sources.push({ alias: lower(alias), columns: cols.map((c) => c.name ?? ''), derived: cols });
        return;
      }
      const table = this.tableName(n);
      const vol = this.session.volatile.get(table);
      if (vol) {
        const derived = [...vol].map(([name, ups]) => ({ name, ups }));
        scope.sources.push({ alias: lower(alias), columns: derived.map((d) => d.name), derived });
        return;
      }
      this.inTables.add(table);
      scope.sources.push({ alias: lower(alias), table, columns: this.session.columnsOf(table) });
    } else if (k === 'alias') {
      const before = scope.sources.length;
      this.fromItem(n.this, scope);
      const alias = identName(n.alias);
      if (alias && scope.sources.length > before) {
        const s = scope.sources[before];
        scope.sources[before] = { ...s, alias: lower(alias) };
      }
    } else if (k === 'subquery' || k === 'select' || k === 'union' || k === 'except' || k === 'intersect') {
      const query = k === 'subquery' ? n.this : item;
      const cols = this.query(query, { sources: [], ctes: scope.ctes, parent: scope.parent });
      const alias = identName((k === 'subquery' ? n.alias : null) ?? null) ?? '';
      const renamed = Array.isArray(n.column_aliases) && n.column_aliases.length > 0 ? cols.map((c, i) => ({ ...c, name: identName((n.column_aliases as unknown[])[i]) ?? c.name })) : cols;
      scope.sources.push({ alias: lower(alias), columns: renamed.map((c) => (c.name ? lower(c.name) : '')), derived: renamed });
    } else if (k === 'join') {
      this.fromItem(n.this, scope);
    } else if (k === 'paren' && key(n.this) !== 'select' && key(n.this) !== 'union') {
      const before = scope.sources.length;
      this.fromItem(n.this, scope);
      const alias = identName(n.alias);
      if (alias && scope.sources.length === before + 1) scope.sources[before] = { ...scope.sources[before], alias: lower(alias) };
    } else if (k === 'joined_table') {
      this.fromItem(n.left, scope);
      for (const j of (n.joins as Node[]) ?? []) {
        this.fromItem(j.this, scope);
        if (j.on) this.noteIndirect('JOIN', this.collect(j.on, scope, 'cond', false));
      }
    } else if (k === 'lateral' || k === 'unnest' || k === 'values') {
      scope.sources.push({ alias: lower(identName(n.alias) ?? ''), columns: null });
    } else if (n && typeof n === 'object') {
      // Unknown FROM item: still collect the tables it reads.
      this.collect(item, scope, 'identity', false);
    }
  }

  private buildScope(sel: Node, parent: Scope | undefined, ctes: ReadonlyMap<string, Cte>): Scope {
    const scope: Scope = { sources: [], ctes, parent };
    const from = sel.from as Node | null;
    for (const item of (from?.expressions as unknown[]) ?? []) this.fromItem(item, scope);
    for (const join of (sel.joins as Node[]) ?? []) {
      this.fromItem(join.this, scope);
      for (const u of (join.using as unknown[]) ?? []) (scope.using ??= new Set()).add(lower(identName(u) ?? ''));
    }
    return scope;
  }

  private withCtes(node: Node, ctes: ReadonlyMap<string, Cte>, parent?: Scope): Map<string, Cte> {
    const out = new Map(ctes);
    const w = node.with as Node | null;
    for (const cte of (w?.ctes as Node[]) ?? []) {
      const name = lower(identName(cte.alias) ?? '');
      let cached: OutCol[] | undefined;
      let resolving = false;
      const visible = new Map(out);
      const entry: Cte = {
        get: () => {
          if (cached) return cached;
          if (resolving) return []; // a recursive CTE reading itself
          resolving = true;
          let cols = this.query(cte.this, { sources: [], ctes: visible, parent });
          const names = (cte.columns as unknown[]) ?? [];
          if (names.length > 0) cols = cols.map((c, i) => ({ ...c, name: lower(identName(names[i]) ?? c.name ?? '') }));
          cached = cols;
          resolving = false;
          return cols;
        },
      };
      visible.set(name, entry);
      out.set(name, entry);
    }
    return out;
  }

  /** Any query node → its output columns. */
  query(node: unknown, outer: Scope): OutCol[] {
    const k = key(node);
    const n = inner(node);
    if (!k || !n) return [];
    const ctes = this.withCtes(n, outer.ctes, outer.parent);
    if (k === 'select') return this.select(n, outer.parent, ctes);
    if (k === 'subquery') return this.query(n.this, { ...outer, ctes });
    if (k === 'union' || k === 'except' || k === 'intersect') {
      const left = this.query(n.left, { sources: [], ctes, parent: outer.parent });
      const right = this.query(n.right, { sources: [], ctes, parent: outer.parent });
      // UNION combines both sides; for MINUS/INTERSECT the right side decides which rows remain, and is reported too.
      return left.map((c, i) => ({ name: c.name, ups: [...c.ups, ...(right[i]?.ups ?? [])] }));
    }
    if (k === 'paren') return this.query(n.this, outer);
    return [];
  }

  private select(sel: Node, parent: Scope | undefined, ctes: ReadonlyMap<string, Cte>): OutCol[] {
    const scope = this.buildScope(sel, parent, ctes);
    scope.aliases = new Map();
    const out: OutCol[] = [];
    for (const expr of (sel.expressions as unknown[]) ?? []) {
      const k = key(expr);
      const n = inner(expr);
      if (k === 'star') {
        out.push(...this.expandStar(identName(n.table), scope));
        continue;
      }
      if (k === 'column' && identName(n.name) === '*') {
        out.push(...this.expandStar(identName(n.table), scope));
        continue;
      }
      let name: string | null = null;
      let body: unknown = expr;
      if (k === 'alias') {
        name = identName(n.alias);
        body = n.this;
      } else {
        name = inferredName(expr);
      }
      const bodyKey = key(body);
      const base: Kind = bodyKey === 'column' ? 'identity' : 'transform';
      if (bodyKey === 'star' || (bodyKey === 'column' && identName(inner(body).name) === '*')) {
        out.push(...this.expandStar(identName(inner(body).table), scope));
        continue;
      }
      const ups = this.collect(body, scope, base, false);
      if (name) scope.aliases.set(lower(name), ups);
      out.push({ name: name ? lower(name) : null, ups });
    }
    // Subqueries in WHERE/HAVING/QUALIFY/JOIN read tables too.
    for (const clause of ['where_clause', 'having', 'qualify']) if (sel[clause]) this.noteIndirect('FILTER', this.collect(sel[clause], scope, 'cond', false));
    for (const join of (sel.joins as Node[]) ?? []) {
      if (join.on) this.noteIndirect('JOIN', this.collect(join.on, scope, 'cond', false));
      for (const u of (join.using as unknown[]) ?? []) {
        const name = identName(u);
        if (name) this.noteIndirect('JOIN', scope.sources.flatMap((src) => (src.columns === null || src.columns.includes(lower(name)) ? this.resolveColumn(src.alias || null, name, scope, 'cond', false) : [])));
      }
    }
    const groupBy = sel.group_by as Node | undefined;
    if (groupBy) this.noteIndirect('GROUP_BY', this.collect(groupBy.expressions ?? groupBy, scope, 'cond', false));
    const orderBy = sel.order_by as Node | undefined;
    if (orderBy) this.noteIndirect('SORT', this.collect(orderBy.expressions ?? orderBy, scope, 'cond', false));
    return out;
  }

  private expandStar(qualifier: string | null, scope: Scope): OutCol[] {
    const sources = qualifier ? scope.sources.filter((s) => s.alias === lower(qualifier) || s.table?.endsWith(`.${lower(qualifier)}`) || s.table === lower(qualifier)) : scope.sources;
    const out: OutCol[] = [];
    for (const s of sources) {
      if (s.derived) out.push(...s.derived.map((d) => ({ name: d.name, ups: d.ups.map((u) => ({ ...u })) })));
      else if (s.columns && s.table) out.push(...s.columns.map((c) => ({ name: c, ups: [{ dataset: s.table as string, field: c, kind: 'identity' as Kind, masking: false, guessed: false }] })));
      else {
        this.warnings.push(`cannot expand ${qualifier ? `${qualifier}.*` : '*'}: columns of ${s.table ?? s.alias} unknown`);
        out.push({ name: '*', ups: s.table ? [{ dataset: s.table, field: '*', kind: 'identity', masking: false, guessed: true }] : [] });
      }
    }
    return out;
  }

  /** Resolves a column reference in a scope chain. */
  private resolveColumn(qualifier: string | null, name: string, scope: Scope, kind: Kind, masking: boolean): Up[] {
    const col = lower(name);
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      let candidates: Source[];
      if (qualifier) {
        const q = lower(qualifier);
        candidates = s.sources.filter((src) => src.alias === q);
        if (candidates.length === 0) candidates = s.sources.filter((src) => src.table === q || src.table?.endsWith(`.${q}`));
        if (candidates.length === 0) continue;
      } else {
        const known = s.sources.filter((src) => src.columns?.includes(col));
        if (s.using?.has(col) && known.length > 1) return known.flatMap((src) => this.resolveColumn(src.alias, name, { ...s, using: undefined }, kind, masking));
        if ((this.session.context.dialect ?? 'teradata') === 'teradata' && known.length === 0 && s.aliases?.has(col)) return (s.aliases.get(col) as Up[]).map((u) => combine(u, kind, masking));
        if (known.length > 0) candidates = [known[0]];
        else if (s.aliases?.has(col) && s.sources.every((src) => src.columns !== null)) return (s.aliases.get(col) as Up[]).map((u) => combine(u, kind, masking));
        else if (s.sources.length === 1) candidates = s.sources;
        else {
          const unknown = s.sources.filter((src) => src.columns === null);
          if (unknown.length === 1) candidates = unknown;
          else if (s.parent) continue;
          else candidates = (unknown.length > 0 ? unknown : s.sources).slice(0, 1); // a table known not to have it is no candidate
          if (candidates.length > 0 && candidates[0].table) return [{ dataset: candidates[0].table, field: col, kind, masking, guessed: true, weak: unknown.length !== 1 }];
        }
      }
      const src = candidates[0];
      if (!src) {
        if (s.parent) continue;
        return [];
      }
      if (src.derived) {
        const d = src.derived.find((c) => c.name === col);
        if (d) return d.ups.map((u) => combine(u, kind, masking));
        // Through an unexpanded `*`: the column comes from one of the star's tables.
        const star = src.derived.find((c) => c.name === '*');
        if (!star) return [];
        return star.ups.filter((u) => u.field === '*').map((u) => ({ ...combine(u, kind, masking), field: col, guessed: true }));
      }
      if (!src.table) return [];
      const guessed = !src.columns?.includes(col);
      return [{ dataset: src.table, field: col, kind, masking, guessed }];
    }
    return [];
  }

  /** Every source column an expression reads, with how it reads it. */
  collect(node: unknown, scope: Scope, kind: Kind, masking: boolean): Up[] {
    const out: Up[] = [];
    const visit = (n: unknown, k: Kind, m: boolean): void => {
      if (n === null || typeof n !== 'object') return;
      if (Array.isArray(n)) {
        for (const x of n) visit(x, k, m);
        return;
      }
      const variant = key(n);
      const body = variant ? ((n as Node)[variant] as Node) : (n as Node);
      if (variant === 'column' && body && typeof body === 'object') {
        const name = identName(body.name);
        if (!name || name === '*') return;
        // Teradata: unquoted DATE, TIME, USER … are built-in values (reserved words), never columns.
        if (!body.table && !(body.name as Node)?.quoted && this.teradata && BUILTIN_VALUES.has(name.toUpperCase())) return;
        out.push(...this.resolveColumn(identName(body.table), name, scope, k, m));
        return;
      }
      if (variant === 'dot' && key(body.this) === 'column') {
        const c = inner(body.this);
        const name = identName(body.field);
        if (name) out.push(...this.resolveColumn(identName(c.name), name, scope, k, m));
        return;
      }
      if (variant && QUERY_KEYS.has(variant)) {
        const cols = this.query(n, { sources: [], ctes: scope.ctes, parent: scope });
        for (const c of cols) for (const u of c.ups) out.push(combine(u, k === 'identity' ? 'transform' : k, m));
        return;
      }
      if (variant === 'exists' || variant === 'in') {
        for (const [field, value] of Object.entries(body ?? {})) visit(value, field === 'this' ? k : k, m);
        return;
      }
      if (variant === 'case') {
        if (body.this) visit(body.this, 'cond', m);
        if (body.operand) visit(body.operand, 'cond', m);
        for (const pair of (body.whens as unknown[][]) ?? []) {
          visit(pair[0], 'cond', m);
          visit(pair[1], raise(k, 'transform'), m);
        }
        if (body.else) visit(body.else, raise(k, 'transform'), m);
        if (body.else_) visit(body.else_, raise(k, 'transform'), m);
        return;
      }
      if (variant === 'window_function' || variant === 'window') {
        visit(body.this, raise(k, 'transform'), m);
        const over = body.over as Node | undefined;
        if (over) {
          visit(over.partition_by, 'window', m);
          visit(over.order_by, 'window', m);
        }
        return;
      }
      const fname = lower(variant ?? '');
      const named = typeof body?.name === 'string' ? lower(body.name as string) : typeof body?.original_name === 'string' ? lower(body.original_name as string) : '';
      let nk = k;
      let nm = m;
      if (variant && variant !== 'alias' && variant !== 'paren' && variant !== 'cast' && k === 'identity') nk = 'transform';
      if (AGGREGATES.has(fname) || AGGREGATES.has(named)) nk = raise(nk, 'agg');
      if (MASKING.has(fname) || MASKING.has(named)) nm = true;
      for (const [field, value] of Object.entries(body ?? {})) {
        if (field === 'span' || field === 'trailing_comments' || field === 'alias' || field === 'over') continue;
        if (field === 'filter' || field === 'order_by' || field === 'where_clause') visit(value, 'cond', nm);
        else visit(value, nk, nm);
      }
    };
    visit(node, kind, masking);
    return out;
  }

  /** Scope of a DML target plus extra sources. */
  scopeFor(items: unknown[], ctes: ReadonlyMap<string, Cte>): Scope {
    const scope: Scope = { sources: [], ctes };
    for (const item of items) this.fromItem(item, scope);
    return scope;
  }

  ctesOf(n: Node): Map<string, Cte> {
    return this.withCtes(n, new Map());
  }
}

/** The name a database gives an unaliased projection: a column, possibly under casts. */
function inferredName(expr: unknown): string | null {
  let e = expr;
  for (let i = 0; i < 8; i++) {
    const k = key(e);
    const n = inner(e);
    if (k === 'column') return identName(n.name);
    if (k === 'dot') return identName(n.field);
    if (k === 'cast' || k === 'paren' || k === 'try_cast' || k === 'collate') e = n.this;
    else return null;
  }
  return null;
}

function raise(a: Kind, b: Kind): Kind {
  return RANK[a] >= RANK[b] ? a : b;
}

function combine(u: Up, outer: Kind, masking: boolean): Up {
  return { ...u, kind: raise(u.kind, outer), masking: u.masking || masking };
}

const KIND_TO_OL: Record<Kind, [TransformationType, TransformationSubtype, string]> = {
  identity: ['DIRECT', 'IDENTITY', 'copied unchanged'],
  transform: ['DIRECT', 'TRANSFORMATION', 'computed from the source'],
  agg: ['DIRECT', 'AGGREGATION', 'aggregated from the source'],
  window: ['INDIRECT', 'WINDOW', 'window partition or order key'],
  cond: ['INDIRECT', 'CONDITIONAL', 'decides the value in a condition'],
};

const INDIRECT_DESCRIPTION: Record<IndirectSubtype, string> = {
  FILTER: 'filters the rows (WHERE, HAVING or QUALIFY)',
  JOIN: 'joins the rows',
  GROUP_BY: 'groups the rows',
  SORT: 'orders the rows',
};

/**
 * Row-deciding columns → one INDIRECT edge per (source column, target dataset) with
 * `target.field = '*'`: they affect every column of the target, as the dataset-wide part of
 * the OpenLineage column-lineage facet says. Per-column copies would grow as columns × filters.
 */
function indirectEdges(edges: readonly ExtractedEdge[], indirect: Iterable<{ readonly subtype: IndirectSubtype; readonly up: Up }>): ExtractedEdge[] {
  const targets = new Set<string | null>();
  for (const e of edges) targets.add(e.target.dataset);
  const seen = new Set<string>();
  const out: ExtractedEdge[] = [];
  for (const { subtype, up } of indirect) {
    for (const dataset of targets) {
      const k = `${up.dataset}\u0000${up.field}\u0001${dataset ?? ''}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({
        source: { dataset: up.dataset, field: up.field },
        target: { dataset, field: '*' },
        transformationType: 'INDIRECT',
        transformationSubtype: subtype,
        description: INDIRECT_DESCRIPTION[subtype],
        masking: false,
        confidence: confidenceOf(up),
      });
    }
  }
  return out;
}

/**
 * 1.0: the column was found among its source's known columns (dictionary, session, derived table).
 * 0.8: the source is certain (qualified, or the only table) but its columns are unknown.
 * 0.5: unqualified, several tables, none known to have it — attributed to one of them.
 */
function confidenceOf(u: Up): number {
  return u.weak ? 0.5 : u.guessed ? 0.8 : 1;
}

/** One edge per (source column, target column): the most direct way it is read wins. */
function edgesFor(target: string | null, field: string, ups: readonly Up[]): ExtractedEdge[] {
  const best = new Map<string, Up & { confidence: number }>();
  for (const u of ups) {
    if (u.field === '*' && field !== '*') continue;
    const k = `${u.dataset}\u0000${u.field}`;
    const prev = best.get(k);
    if (!prev) best.set(k, { ...u, confidence: confidenceOf(u) });
    else {
      const keep = RANK[u.kind] < RANK[prev.kind] ? u : prev;
      best.set(k, { ...keep, masking: prev.masking || u.masking, confidence: Math.max(prev.confidence, confidenceOf(u)) });
    }
  }
  const direct = [...best.values()].some((u) => u.kind !== 'cond' && u.kind !== 'window');
  return [...best.values()].map((u) => {
    let [type, subtype, description] = KIND_TO_OL[u.kind];
    // A lone column copied through a CASE/COALESCE is a transformation, not identity.
    if (u.kind === 'identity' && best.size > 1 && direct) [type, subtype, description] = KIND_TO_OL.identity;
    return {
      source: { dataset: u.dataset, field: u.field },
      target: { dataset: target, field },
      transformationType: type,
      transformationSubtype: subtype,
      description: u.masking ? `${description}; masked` : description,
      masking: u.masking,
      confidence: u.confidence,
    };
  });
}

/** Common names of dialects the SDK spells differently. */
const DIALECT_ALIASES: Record<string, string> = { ansi: 'generic', postgres: 'postgresql', sparksql: 'spark', sqlserver: 'tsql', mssql: 'tsql', mariadb: 'mysql', impala: 'hive' };
let knownDialects: Set<string> | undefined;

/** The SDK's name for a dialect; `generic` when the SDK does not know it. */
export function parserDialect(dialect: string): string {
  knownDialects ??= new Set(getDialects());
  const d = DIALECT_ALIASES[dialect.toLowerCase()] ?? dialect.toLowerCase();
  return knownDialects.has(d) ? d : 'generic';
}

function parseWith(sql: string, dialect: string): { success: boolean; ast?: unknown[]; error?: unknown } {
  try {
    return parse(sql, dialect as never) as { success: boolean; ast?: unknown[]; error?: unknown };
  } catch (err) {
    throw new ExtractionFailure({ code: 'EXTRACTION_PARSE_ERROR', message: (err as Error).message.slice(0, 500) });
  }
}

function parseOne(sql: string, requested: string): Node {
  const dialect = parserDialect(requested);
  let result = parseWith(sql, dialect);
  // Another dialect's parser may be stricter than needed: try the generic one before giving up.
  if (!result.success && dialect !== 'generic' && dialect !== 'teradata') {
    const generic = parseWith(sql, 'generic');
    if (generic.success) result = generic;
  }
  if (!result.success) {
    const message = typeof result.error === 'string' ? result.error : JSON.stringify(result.error);
    const guard = /GUARD|depth/i.test(message);
    throw new ExtractionFailure({ code: guard ? 'EXTRACTION_DEPTH_GUARD' : 'EXTRACTION_PARSE_ERROR', message: message.slice(0, 500) });
  }
  const ast = result.ast ?? [];
  if (ast.length !== 1) throw new ExtractionFailure({ code: 'EXTRACTION_PARSE_ERROR', message: `expected one statement, found ${ast.length}` });
  return ast[0] as Node;
}

/** Words a statement can start with (Teradata, plus what other dialects' scripts use); anything else is not SQL. */
const STATEMENT_WORDS = new Set(
  (
    'ABORT ADD ALTER ANALYZE BEGIN BT CALL CHECKPOINT COLLECT COMMENT COMMIT COPY CREATE CT CV DATABASE DECLARE DEL DELETE DESC DESCRIBE ' +
    'DIAGNOSTIC DROP DUMP ECHO END ET EXEC EXECUTE EXPLAIN FROM GIVE GRANT HELP IF INS INSERT LOAD LOCK LOCKING LOGOFF LOGON MERGE ' +
    'MODIFY MSCK PRAGMA REFRESH RELEASE RENAME REPLACE RESTART REVOKE ROLLBACK SEL SELECT SET SHOW TRUNCATE UNLOAD UPD UPDATE UPSERT ' +
    'USE USING VALUES WITH CACHE UNCACHE OPTIMIZE VACUUM GO PRINT RETURN WHILE FOR LOOP CASE DO RAISE'
  ).split(' '),
);

/** The statement text after leading comments and blanks ('' when there is nothing else). */
function withoutLeadingComments(text: string): string {
  if (!/^\s*(--|\/\*)/.test(text)) return text.trimStart();
  let offset = 0;
  for (const t of tokenize(text)) {
    if (t.kind !== 'comment' && t.kind !== 'space') break;
    offset += t.text.length;
  }
  return text.slice(offset).trimStart();
}

const SESSION_ONLY = /^\s*(BT|ET|BEGIN\s+TRANSACTION|END\s+TRANSACTION|COMMIT|ROLLBACK|ABORT|SET\s+(QUERY_BAND|SESSION|ROLE|TIME\s+ZONE)|COLLECT\s+(STAT|STATS|STATISTICS)|HELP|SHOW|EXPLAIN|CALL|GRANT|REVOKE|COMMENT|RELEASE|LOGON|LOGOFF|\.)\b/i;

function stmtTypeFor(k: string | undefined): StatementType {
  switch (k) {
    case 'select':
    case 'union':
    case 'except':
    case 'intersect':
    case 'subquery':
      return 'select';
    case 'insert':
      return 'insert';
    case 'create_table':
      return 'ctas';
    case 'create_view':
      return 'create_view';
    case 'update':
      return 'update';
    case 'merge':
      return 'merge';
    case 'delete':
      return 'delete';
    default:
      return 'other';
  }
}

/**
 * Extracts one statement in a session. Throws ExtractionFailure for input it
 * cannot use (the caller turns it into a result with a reason).
 */
export function extractStatement(rawSql: string, session: SessionState): StatementLineage {
  const text = rawSql.trim().replace(/;\s*$/, '');
  const head = withoutLeadingComments(text);
  if (head === '') throw new ExtractionFailure({ code: 'EXTRACTION_EMPTY', message: text === '' ? 'empty statement' : 'only comments, no statement' });
  const firstWord = /^[\s(]*([A-Za-z_]+)/.exec(head)?.[1]?.toUpperCase();
  if (head[0] !== '.' && (!firstWord || !STATEMENT_WORDS.has(firstWord))) {
    throw new ExtractionFailure({ code: 'EXTRACTION_NOT_SQL', message: `text does not start with an SQL statement keyword: ${JSON.stringify(head.slice(0, 40))}` });
  }
  const dialect = session.context.dialect ?? 'teradata';
  const db = /^\s*DATABASE\s+("?)([\w$#]+)\1\s*$/i.exec(head);
  if (db) {
    session.defaultDatabase = lower(db[2]);
    return { statementType: 'other', inTables: [], outTables: [], columnEdges: [], warnings: [] };
  }
  if (SESSION_ONLY.test(head)) {
    const drop = /^\s*DROP\s+TABLE\s+([\w$#."]+)/i.exec(head);
    if (drop) {
      const name = drop[1].replace(/"/g, '').toLowerCase();
      const full = name.includes('.') ? name : session.defaultDatabase ? `${session.defaultDatabase}.${name}` : name;
      session.volatile.delete(full);
    }
    return { statementType: 'other', inTables: [], outTables: [], columnEdges: [], warnings: [] };
  }
  if (!/^[\s(]*(WITH|SELECT|SEL|INSERT|INS|UPDATE|UPD|DELETE|DEL|MERGE|CREATE|CT|REPLACE|LOCKING|LOCK|DROP|TRUNCATE|ALTER|RENAME|USE|DATABASE)\b/i.test(head)) {
    return { statementType: 'other', inTables: [], outTables: [], columnEdges: [], warnings: [] };
  }
  const normalized = normalizeTeradata(text);
  const root = parseOne(normalized.sql, dialect);
  const k = key(root);
  const n = inner(root);
  const walker = new StatementWalker(session);
  const edges: ExtractedEdge[] = [];
  const outTables: string[] = [];
  let statementType = stmtTypeFor(k);

  const mapOntoTarget = (target: string, targetColumns: readonly string[] | null, cols: readonly OutCol[], isVolatile: boolean, refill = false): void => {
    const unexpanded = cols.some((c) => c.name === '*');
    const names = !unexpanded && targetColumns && targetColumns.length >= cols.length ? targetColumns : cols.map((c, i) => c.name ?? targetColumns?.[i] ?? `_col${i}`);
    if (isVolatile) {
      // CREATE starts the table afresh; INSERT adds rows, so the columns keep what they held.
      const map = refill ? (session.volatile.get(target) ?? new Map<string, Up[]>()) : new Map<string, Up[]>();
      cols.forEach((c, i) => map.set(lower(names[i]), [...(map.get(lower(names[i])) ?? []), ...c.ups]));
      session.volatile.set(target, map);
      return;
    }
    cols.forEach((c, i) => edges.push(...edgesFor(target, lower(names[i]), c.ups)));
  };

  switch (k) {
    case 'select':
    case 'union':
    case 'except':
    case 'intersect':
    case 'subquery': {
      const cols = walker.query(root, { sources: [], ctes: new Map() });
      const into = k === 'select' ? (n.into as Node | undefined) : undefined;
      if (into) {
        const target = walker.tableName(inner(into.this ?? into));
        outTables.push(target);
        statementType = 'ctas';
        session.created.set(target, cols.map((c, i) => c.name ?? `_col${i}`));
        mapOntoTarget(target, null, cols, false);
      } else for (const c of cols) if (c.name) edges.push(...edgesFor(null, c.name, c.ups)); // an unaliased expression has no stable name
      break;
    }
    case 'insert': {
      const target = walker.tableName(n.table as Node);
      outTables.push(target);
      const ctes = walker.ctesOf(n);
      const listed = ((n.columns as unknown[]) ?? []).map((c) => lower(identName(c) ?? ''));
      for (const row of (n.values as unknown[][]) ?? []) walker.collect(row, walker.scopeFor([], ctes), 'transform', false);
      if (n.query) {
        const cols = walker.query(n.query, { sources: [], ctes });
        const targetCols = listed.length > 0 ? listed : session.columnsOf(target);
        mapOntoTarget(target, targetCols, cols, session.volatile.has(target), true);
      }
      break;
    }
    case 'create_table': {
      const target = walker.tableName(n.name as Node);
      const isVolatile = /VOLATILE|GLOBAL\s+TEMPORARY/i.test(String(n.table_modifier ?? '')) || /\bVOLATILE\b/i.test(normalized.sql.slice(0, 80));
      const as = n.as_select as Node | undefined;
      if (!as) {
        const cols = ((n.columns as Node[]) ?? []).map((c) => lower(identName(c.name) ?? identName(c) ?? ''));
        if (cols.length > 0) session.created.set(target, cols);
        statementType = 'ddl';
        for (const c of (n.constraints as Node[]) ?? []) {
          const like = (c.Like ?? c.like) as Node | undefined;
          if (like?.source) {
            const src = walker.tableName(like.source as Node);
            walker.inTables.add(src);
            const srcCols = session.columnsOf(src);
            if (srcCols) session.created.set(target, [...srcCols]);
          }
        }
        const clone = (n.clone_source ?? n.clone) as Node | undefined;
        if (clone && typeof clone === 'object') walker.inTables.add(walker.tableName(inner(clone)));
        if (!isVolatile) outTables.push(target);
        break;
      }
      let cols: OutCol[];
      if (key(as) === 'table') {
        const src = walker.tableName(inner(as));
        walker.inTables.add(src);
        const srcCols = session.volatile.has(src) ? [...(session.volatile.get(src) as Map<string, Up[]>)].map(([name, ups]) => ({ name, ups })) : (session.columnsOf(src) ?? []).map((c) => ({ name: c, ups: [{ dataset: src, field: c, kind: 'identity' as Kind, masking: false, guessed: false }] }));
        if (session.volatile.has(src)) walker.inTables.delete(src);
        cols = srcCols;
        if (srcCols.length === 0) walker.warnings.push(`columns of ${src} unknown: table-level lineage only`);
      } else {
        cols = walker.query(as, { sources: [], ctes: walker.ctesOf(as) });
      }
      const withData = n.with_data !== false;
      session.created.set(target, cols.map((c, i) => c.name ?? `_col${i}`));
      if (isVolatile) {
        mapOntoTarget(target, null, cols, true);
      } else {
        outTables.push(target);
        if (withData) mapOntoTarget(target, null, cols, false);
      }
      break;
    }
    case 'create_view': {
      const target = walker.tableName(n.name as Node);
      outTables.push(target);
      const cols = walker.query(n.query, { sources: [], ctes: new Map() });
      const listed = ((n.columns as unknown[]) ?? []).map((c) => lower(identName(c) ?? ''));
      session.created.set(target, listed.length > 0 ? listed : cols.map((c, i) => c.name ?? `_col${i}`));
      mapOntoTarget(target, listed.length > 0 ? listed : null, cols, false);
      break;
    }
    case 'update': {
      const ctes = walker.ctesOf(n);
      const from = ((n.from_clause as Node)?.expressions as unknown[]) ?? [];
      const scope = walker.scopeFor(from, ctes);
      for (const j of [...((n.joins as Node[]) ?? []), ...((n.from_joins as Node[]) ?? [])]) {
        walker.scopeFor([j.this], ctes).sources.forEach((s) => scope.sources.push(s));
        if (j.on) walker.noteIndirect('JOIN', walker.collect(j.on, scope, 'cond', false));
      }
      const tnode = n.table as Node;
      const tk = key(tnode);
      const tbody = inner(tnode);
      const bare = lower(identName(tk === 'table' ? tbody.name : tnode.name) ?? '');
      const aliasSource = !identName(tk === 'table' ? tbody.schema : tnode.schema) ? scope.sources.find((s) => s.alias === bare && s.table) : undefined;
      const target = aliasSource?.table ?? walker.tableName(tk === 'table' ? tbody : tnode);
      if (!aliasSource) {
        const own = walker.scopeFor([tnode], ctes);
        scope.sources.unshift(...own.sources);
      }
      walker.inTables.delete(target);
      outTables.push(target);
      const isVol = session.volatile.get(target);
      for (const pair of (n.set as unknown[][]) ?? []) {
        const col = lower((identName(pair[0]) ?? '').split('.').pop() ?? ''); // SET t.c = … names the column c
        const ups = walker.collect(pair[1], scope, key(pair[1]) === 'column' ? 'identity' : 'transform', false);
        if (isVol) isVol.set(col, [...(isVol.get(col) ?? []), ...ups]); // rows the UPDATE misses keep their value
        else edges.push(...edgesFor(target, col, ups));
      }
      if (n.where_clause) walker.noteIndirect('FILTER', walker.collect(n.where_clause, scope, 'cond', false));
      walker.inTables.delete(target);
      break;
    }
    case 'merge': {
      const ctes = new Map<string, Cte>();
      const targetScope = walker.scopeFor([n.this], ctes);
      const target = targetScope.sources[0]?.table ?? '';
      walker.inTables.delete(target);
      const scope = walker.scopeFor([n.using], ctes);
      scope.sources.push(...targetScope.sources);
      outTables.push(target);
      if (n.on) walker.noteIndirect('JOIN', walker.collect(n.on, scope, 'cond', false));
      const whens = (((n.whens as Node)?.whens as Node)?.expressions as unknown[]) ?? ((n.whens as Node)?.expressions as unknown[]) ?? [];
      for (const w of whens) {
        const when = inner(w);
        const then = inner(when.then) as Node;
        const parts = (then?.expressions as unknown[]) ?? [];
        const verb = String(inner(parts[0])?.this ?? '').toUpperCase();
        if (verb === 'UPDATE') {
          for (const assign of (inner(parts[1])?.expressions as unknown[]) ?? []) {
            const eq = inner(assign);
            const col = lower(identName(eq.left) ?? '');
            edges.push(...edgesFor(target, col, walker.collect(eq.right, scope, key(eq.right) === 'column' ? 'identity' : 'transform', false)));
          }
        } else if (verb === 'INSERT') {
          const hasCols = parts.length >= 3;
          const colNames = hasCols ? ((inner(parts[1])?.expressions as unknown[]) ?? []).map((c) => lower(identName(c) ?? '')) : (session.columnsOf(target) ?? []);
          const values = (inner(parts[hasCols ? 2 : 1])?.expressions as unknown[]) ?? [];
          values.forEach((v, i) => {
            if (colNames[i]) edges.push(...edgesFor(target, colNames[i], walker.collect(v, scope, key(v) === 'column' ? 'identity' : 'transform', false)));
          });
        }
      }
      walker.inTables.delete(target);
      break;
    }
    case 'delete': {
      const tnode = key(n.table) === 'table' ? inner(n.table) : (n.table as Node);
      const target = walker.tableName(tnode);
      outTables.push(target);
      const using = Array.isArray(n.using) ? (n.using as unknown[]) : (((n.using as Node)?.expressions as unknown[]) ?? []);
      const scope = walker.scopeFor([{ table: tnode }, ...using], walker.ctesOf(n));
      if (n.where_clause) walker.noteIndirect('FILTER', walker.collect(n.where_clause, scope, 'cond', false));
      walker.inTables.delete(target);
      break;
    }
    case 'truncate': {
      outTables.push(walker.tableName(key(n.table) === 'table' ? inner(n.table) : (n.table as Node)));
      statementType = 'ddl';
      break;
    }
    case 'drop_table': {
      for (const t of (n.names as Node[]) ?? []) {
        const name = walker.tableName(t);
        session.volatile.delete(name);
        outTables.push(name);
      }
      statementType = 'ddl';
      break;
    }
    case 'alter_table': {
      const name = walker.tableName(inner(n.name) ?? (n.name as Node));
      const rename = ((n.actions as Node[]) ?? []).map((a) => (a.RenameTable ?? a.rename_table) as Node | undefined).find(Boolean);
      if (rename) {
        walker.inTables.add(name);
        outTables.push(walker.tableName(rename));
      } else outTables.push(name);
      statementType = 'ddl';
      break;
    }
    case 'use': {
      session.defaultDatabase = lower(identName(n.this) ?? '');
      statementType = 'other';
      break;
    }
    default:
      break;
  }
  for (const t of outTables) walker.inTables.delete(t);
  if (walker.indirect.size > 0 && edges.length > 0) edges.push(...indirectEdges(edges, walker.indirect.values()));
  return {
    statementType,
    inTables: [...walker.inTables].filter((t) => !session.volatile.has(t)),
    outTables: outTables.filter((t) => t !== ''),
    columnEdges: edges,
    warnings: walker.warnings,
    ...(normalized.changes.length > 0 ? { normalizedSql: normalized.sql } : {}),
  };
}

const IN_KEYWORDS = new Set(['FROM', 'JOIN', 'USING']);
const OUT_AFTER = new Set(['INTO', 'UPDATE', 'TABLE', 'VIEW', 'UPD']);

/**
 * Table-level lineage from tokens, for statements the parser rejects: names
 * after FROM/JOIN/USING are read, names after INTO/UPDATE/TABLE/VIEW are
 * written. Coarse, but better than nothing for an operator.
 */
export function tablesFromTokens(sql: string, defaultDatabase: string | null): { inTables: string[]; outTables: string[] } {
  const tokens = tokenize(sql).filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  const ins = new Set<string>();
  const outs = new Set<string>();
  const ctes = new Set<string>();
  const nameAt = (i: number): [string, number] | null => {
    const parts: string[] = [];
    let j = i;
    while (j < tokens.length && (tokens[j].kind === 'word' || tokens[j].kind === 'quoted')) {
      parts.push(tokens[j].text.replace(/^["`[]|["`\]]$/g, '').toLowerCase());
      if (tokens[j + 1]?.text === '.') j += 2;
      else break;
    }
    if (parts.length === 0) return null;
    const name = parts.length === 1 && defaultDatabase ? `${defaultDatabase}.${parts[0]}` : parts.join('.');
    return [name, j];
  };
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i].kind === 'word' ? tokens[i].text.toUpperCase() : '';
    if ((w === 'WITH' || tokens[i].text === ',') && tokens[i + 1]?.kind === 'word' && tokens[i + 2]?.kind === 'word' && tokens[i + 2].text.toUpperCase() === 'AS') ctes.add(tokens[i + 1].text.toLowerCase());
    if (!IN_KEYWORDS.has(w) && !OUT_AFTER.has(w)) continue;
    const next = tokens[i + 1];
    if (!next || next.text === '(') continue;
    if (w === 'TABLE' && !['CREATE', 'INTO', 'OVERWRITE', 'TEMPORARY', 'VOLATILE', 'MULTISET', 'SET', 'GLOBAL', 'TRUNCATE'].some((k) => tokens.slice(Math.max(0, i - 3), i).some((t) => t.text.toUpperCase() === k))) continue;
    const found = nameAt(i + 1);
    if (!found) continue;
    const [name] = found;
    if (ctes.has(name.split('.').pop() as string) || /^(select|sel|values|lateral|unnest|table|only)$/.test(name)) continue;
    (IN_KEYWORDS.has(w) ? ins : outs).add(name);
  }
  for (const o of outs) ins.delete(o);
  return { inTables: [...ins], outTables: [...outs] };
}

function failureResult(err: unknown, sql: string, session?: SessionState): StatementLineage {
  const error: ExtractionError =
    err instanceof ExtractionFailure
      ? err.error
      : { code: /stack|recursion/i.test((err as Error)?.message ?? '') ? 'EXTRACTION_DEPTH_GUARD' : 'EXTRACTION_INTERNAL', message: String((err as Error)?.message ?? err).slice(0, 500) };
  const tables = error.code === 'EXTRACTION_EMPTY' || error.code === 'EXTRACTION_NOT_SQL' ? { inTables: [], outTables: [] } : tablesFromTokens(normalizeTeradata(sql).sql, session?.defaultDatabase ?? null);
  return { statementType: /^\s*(SEL|SELECT|WITH)\b/i.test(sql) ? 'select' : 'other', ...tables, columnEdges: [], warnings: tables.inTables.length + tables.outTables.length > 0 ? ['table-level lineage taken from tokens: the statement did not parse'] : [], error };
}

/** One statement (or a script of several) in a fresh or given session; never throws. */
export function extractLineage(sql: string, context: ExtractionContext = {}, session = new SessionState(context)): StatementLineage[] {
  const statements = splitScript(sql);
  if (statements.length === 0) return [failureResult(new ExtractionFailure({ code: 'EXTRACTION_EMPTY', message: 'empty statement' }), sql)];
  return statements.map((s) => {
    try {
      return extractStatement(s, session);
    } catch (err) {
      return failureResult(err, s, session);
    }
  });
}
