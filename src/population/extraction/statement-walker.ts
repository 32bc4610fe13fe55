import type { IndirectSubtype } from './column-edges.js';
import type { Cte, Scope, Source } from './scope.js';
import type { SessionState } from './session-state.js';
import { identName, inferredName, inner, key, lower, type Node } from './syntax-tree.js';
import { combine, identityOf, type Kind, type OutCol, raise, type Up } from './upstream.js';

/**
 * Resolves a statement's queries and expressions to source columns. Scopes
 * (FROM items, CTEs, derived tables, volatile tables of the session) are
 * resolved to the columns they expose; each output column gets the set of
 * source columns its expression reads, with how it reads them. One walker
 * per statement: it also gathers the tables read, the row-deciding columns
 * and warnings.
 */

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

export class StatementWalker {
  readonly inTables = new Set<string>();
  readonly warnings: string[] = [];
  /** Columns that decide which rows reach the targets (WHERE, JOIN, GROUP BY, ORDER BY …): INDIRECT edges into `target.*`. */
  readonly indirect = new Map<string, { readonly subtype: IndirectSubtype; readonly up: Up }>();

  /** Columns a plain SELECT returns, named or not (usage counts `SUM(x)` without an alias too; lineage has no target name for it). */
  readonly projected: Up[] = [];

  noteProjected(ups: readonly Up[]): void {
    for (const up of ups) if (up.field !== '*') this.projected.push(up);
  }

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
      const derived = this.session.volatile.columns(table);
      if (derived) {
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
      else if (s.columns && s.table) out.push(...s.columns.map((c) => ({ name: c, ups: [identityOf(s.table as string, c)] })));
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
