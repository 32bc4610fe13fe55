// A teradatasql driver double that runs the Teradata path against the
// embedded engine: the service's TeradataAdapter talks to it exactly as to
// the real driver (connect, cursors, executeAsync / executemanyAsync,
// fetchmany with arraysize, commit and rollback escapes), and every
// statement it receives is
//   1. recorded (text, parameters, rows),
//   2. checked to parse with the Teradata dialect of @polyglot-sql/sdk,
//   3. answered by running the statement of the same name from the
//      embedded catalog on a DuckDB database (same parameters, same rows).
// So a whole population or API run on the Teradata dialect can be counted
// and compared with the same run on the embedded engine. A statement no
// catalog holds fails, as the strict fake does.
//
// What it does not emulate (docs/decisions/0018-set-based-writes.md): each
// statement is committed on its own (a Teradata transaction's atomicity is
// not reproduced: use it for runs that succeed); the staging tables are
// per-connection lists of rows, applied through the embedded catalog's JSON
// insert; locking is not modelled (the statements' lock clauses are checked
// by the catalog tests).
//
// Plain JavaScript with injected catalogs, so the benches (dist/) and the
// tests (src/) share it; types in teradata-on-embedded.d.mts.

const COMMIT = '{fn teradata_commit}';
const ROLLBACK = '{fn teradata_rollback}';
const IN_LIST = /IN \(\?(?:, \?)*\)/g;

/** Teradata syntax polyglot 0.12 refuses (src/schema/teradata-statements.parse.spec.ts lists them): removed or skipped before the parse. */
function checkable(sql) {
  if (/^SET TIME ZONE /.test(sql) || /^SHOW VIEW /.test(sql)) return null;
  return sql.replace(/(CAST\(\? AS (?:VAR)?CHAR\(\d+\)) CHARACTER SET UNICODE\)/g, '$1)');
}

const DBQL_SOURCES = ['dbc', 'dbc-views', 'pdcr'].map((kind) => ({ kind, pdcrDatabase: 'PDCRINFO' }));
const NAME_SHAPES = [];
for (let include = 0; include <= 4; include++) for (let exclude = 0; exclude <= 4; exclude++) NAME_SHAPES.push({ include, exclude });

/**
 * What each Teradata statement means on the embedded engine, by catalog
 * entry name: a plain statement, or a part of a staged bulk insert.
 */
/**
 * A page: on Teradata `QUALIFY ROW_NUMBER() OVER (…) BETWEEN ? AND ?` then
 * ORDER BY (the last two parameters are the first and last row), on the
 * embedded engine `LIMIT ? OFFSET ?` (the last two are limit and offset).
 */
function isPaged(td, emb) {
  return /BETWEEN \? AND \?\s+ORDER BY [^?]*$/.test(td) && /LIMIT \? OFFSET \?\s*$/.test(emb);
}

/** The Teradata page's (first, last) as the embedded page's (limit, offset). */
function pageParams(params) {
  const first = Number(params[params.length - 2]);
  const last = Number(params[params.length - 1]);
  return [...params.slice(0, -2), last - first + 1, first - 1];
}

function translations(teradata, embedded) {
  const map = new Map();
  const add = (td, meaning) => {
    if (!map.has(td)) map.set(td, meaning);
  };
  for (const [catalog, entries] of Object.entries(teradata)) {
    for (const [key, td] of Object.entries(entries)) {
      const emb = embedded[catalog][key];
      const name = `${catalog}.${key}`;
      if (typeof td === 'string') add(td, { name, kind: 'plain', sql: emb, paged: isPaged(td, emb) });
      else if (typeof td === 'function') {
        if (key === 'columns') for (const view of ['ColumnsV', 'ColumnsJQV']) for (const n of NAME_SHAPES) for (const altered of [false, true]) add(td(view, n, altered), { name, kind: 'plain', sql: emb(view, n, altered) });
        else if (key === 'tables') for (const n of NAME_SHAPES) add(td(n), { name, kind: 'plain', sql: emb(n) });
        else if (key === 'dbqlSlice') for (const source of DBQL_SOURCES) for (const selects of [false, true]) add(td(source, { selects }).sql, { name, kind: 'plain', sql: emb(source, { selects }).sql });
        else if (key === 'dbqlNextCollect' || key === 'dbqlSelectObjects') for (const source of DBQL_SOURCES) add(td(source).sql, { name, kind: 'plain', sql: emb(source).sql });
        else if (key === 'dbqlFirstCollect') for (const source of DBQL_SOURCES) add(td(source), { name, kind: 'plain', sql: emb(source) });
        // the embedded twin takes the query ids as one JSON array after the two timestamps (dbqlObjectIds 'json')
        else if (key === 'dbqlObjects') for (const source of DBQL_SOURCES) add(td(source), { name, kind: 'plain', sql: emb(source), jsonListAt: embedded[catalog].dbqlObjectIds === 'json' ? 2 : undefined });
        // other builders (SHOW VIEW, parameter helpers) are matched by shape in answer()
      } else if (td && td.kind === 'rows') {
        add(td.sql, { name, kind: 'rows', sql: emb.sql });
      } else if (td && td.kind === 'staged' && typeof td.apply === 'object') {
        // staged updates (setValidities): one staging table, one apply per kind, each answered by the embedded JSON update of that kind
        const table = /^INSERT INTO (\w+) /.exec(td.stage)[1];
        add(td.stage, { name: `${name}.stage`, kind: 'stage', table });
        add(td.clear, { name: `${name}.clear`, kind: 'clear', table });
        for (const [part, sql] of Object.entries(td.apply)) add(sql, { name: `${name}.apply${part}`, kind: 'apply', table, sql: emb.apply[part] });
      } else if (td && td.kind === 'staged') {
        const table = /^INSERT INTO (\w+) /.exec(td.stage)[1];
        add(td.stage, { name: `${name}.stage`, kind: 'stage', table });
        add(td.apply, { name: `${name}.apply`, kind: 'apply', table, sql: emb.sql });
        add(td.clear, { name: `${name}.clear`, kind: 'clear', table });
        if (td.reactivate) add(td.reactivate, { name: `${name}.reactivate`, kind: 'reactivate', table, sql: emb.reactivate });
      } else if (td && typeof td === 'object' && Object.values(td).every((v) => typeof v === 'string')) {
        // a group of statements chosen by the caller (e.g. one per sort order): each part as a plain statement
        for (const [part, sql] of Object.entries(td)) add(sql, { name: `${name}.${part}`, kind: 'plain', sql: emb[part], paged: isPaged(sql, emb[part]) });
      }
    }
  }
  return map;
}

function expandInList(sql, count) {
  return sql.replace('IN (?)', `IN (${new Array(count).fill('?').join(', ')})`);
}

/** Each `IN (?)` of a catalog statement, in order, repeated for its list's count (a statement may hold several lists). */
function expandInLists(sql, counts) {
  let i = 0;
  return sql.replace(/IN \(\?\)/g, (marker) => (i < counts.length ? `IN (${new Array(counts[i++]).fill('?').join(', ')})` : marker));
}

/** A value as the embedded engine's JSON rows carry it (see src/teradata/sql/embedded/ol-store.sql.ts). */
function jsonText(value) {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/**
 * What one iterated request Teradata takes at most, by release: 16,383 rows
 * and a request message of about 1 MB (its text and every row's data) before
 * 16.00; 64,000 rows and 7 MB since (see requestLimits in
 * src/teradata/teradata/teradata.adapter.ts for the documents).
 */
function limitsOf(version) {
  const major = Number(/^\s*(\d+)\./.exec(version ?? '')?.[1] ?? NaN);
  return major >= 16 ? { rows: 64_000, bytes: 7 * 1024 * 1024 } : { rows: 16_383, bytes: 1_000_000 };
}

/** The release the doubles answer by default (DBC.DBCInfoV's VERSION). */
export const DEFAULT_VERSION = '17.20.03.19';

/**
 * Refuses, as the database would, an iterated request (`executemany`) over
 * Teradata's limits for `version` (default DEFAULT_VERSION; null: an
 * unknown release, the older limits): more rows than one request takes, or
 * a request message over its size (each value's UTF-8 bytes with a 2-byte
 * length, a timestamp as its 26 characters, 8 bytes for a number, plus each
 * row's parcel header and null indicators). Returns the reason, or null
 * when the request fits.
 */
export function iteratedRequestProblem(sql, rows, version = DEFAULT_VERSION) {
  const limits = limitsOf(version);
  if (rows.length > limits.rows) return `an iterated request of ${rows.length} rows (at most ${limits.rows})`;
  let bytes = new TextEncoder().encode(sql).length;
  for (const row of rows) {
    bytes += 4 + Math.ceil(row.length / 8);
    for (const v of row) {
      if (v === null || v === undefined) bytes += 1;
      else if (typeof v === 'string') bytes += 2 + new TextEncoder().encode(v).length;
      else if (v instanceof Date) bytes += 28;
      else bytes += 8;
    }
  }
  return bytes > limits.bytes ? `an iterated request of ${bytes} bytes (at most ${limits.bytes})` : null;
}

export class TeradataOnEmbedded {
  /** Every statement received: { sql, name, params, many }. */
  recorded = [];
  /** Statements the Teradata dialect did not parse: { sql, error }. */
  unparsed = [];
  /** How many statements had been recorded at each commit, in order. */
  commitsAt = [];
  /** Commits received. */
  get commits() {
    return this.commitsAt.length;
  }
  /** Keep each statement's parameters in `recorded` (a bench sets false: a day's rows would stay in memory). */
  keepParams = true;
  /** The release DBC.DBCInfoV answers (the limits of an iterated request follow it); null: the view is refused (3523). */
  version = DEFAULT_VERSION;
  /**
   * A fault to inject: called with each statement's catalog name and how many
   * statements came before it; an Error it returns is thrown as the driver
   * would throw a database error (its message carrying `[Error NNNN]`).
   */
  fault = undefined;

  /**
   * @param embedded a DatabasePort of the embedded engine holding the store and the DBC emulation
   * @param catalogs { teradata: { population, olStore, … }, embedded: { same keys } }
   * @param parse polyglot's parse(sql, dialect)
   */
  constructor(embedded, catalogs, parse) {
    this.embedded = embedded;
    this.catalogs = catalogs;
    this.parse = parse;
    this.meanings = translations(catalogs.teradata, catalogs.embedded);
    this.parsed = new Map();
  }

  /** Statements received whose name starts with `prefix` (e.g. 'population.dbqlSlice'). */
  count(prefix = '') {
    return this.recorded.filter((r) => r.name.startsWith(prefix)).length;
  }

  check(sql) {
    const text = checkable(sql);
    if (text === null || this.parsed.has(text)) return;
    const result = this.parse(text, 'teradata');
    this.parsed.set(text, result.success);
    if (!result.success) this.unparsed.push({ sql, error: result.error });
  }

  meaning(sql) {
    const exact = this.meanings.get(sql);
    if (exact) return { ...exact, markers: [] };
    const lists = [...sql.matchAll(IN_LIST)];
    if (lists.length > 0) {
      const base = this.meanings.get(sql.replace(IN_LIST, 'IN (?)'));
      if (base) return { ...base, markers: lists.map((l) => (l[0].match(/\?/g) ?? []).length) };
    }
    const show = /^SHOW VIEW "((?:[^"]|"")+)"\."((?:[^"]|"")+)"$/.exec(sql);
    if (show) {
      const unquote = (s) => s.replace(/""/g, '"');
      const emulated = this.catalogs.embedded.dictionary.showView(unquote(show[1]), unquote(show[2]));
      return { name: 'dictionary.showView', kind: 'plain', sql: emulated.sql, params: emulated.params, markers: [] };
    }
    throw new Error(`TeradataOnEmbedded: no catalog statement is ${sql}`);
  }

  async connect() {
    const driver = this;
    const staged = new Map();
    let autocommit = true;
    return {
      get autocommit() {
        return autocommit;
      },
      set autocommit(v) {
        autocommit = v;
      },
      close() {},
      cursor() {
        let rows = [];
        let columns = null;
        let rowcount = 0;
        let position = 0;
        let arraysize = 1;
        const answer = async (sql, params, many) => {
          rows = [];
          columns = null;
          position = 0;
          rowcount = 0;
          if (sql === COMMIT || sql === ROLLBACK) {
            if (sql === COMMIT) driver.commitsAt.push(driver.recorded.length);
            // statements were committed one by one (see the header); a staging table empties at the end of its transaction
            staged.clear();
            return;
          }
          if (/^SET TIME ZONE /.test(sql)) return;
          driver.check(sql);
          if (/FROM DBC\.DBCInfoV WHERE InfoKey = 'VERSION'/.test(sql)) {
            // the release, answered by the database itself (no catalog entry: the adapter sends it once, when it connects)
            if (driver.version === null) throw new Error('[Version 20.0.55] [Session 4242] [Teradata Database] [Error 3523] The user does not have SELECT access to DBC.DBCInfoV.');
            columns = ['InfoData'];
            rows = [[driver.version]];
            return;
          }
          const tooLarge = many ? iteratedRequestProblem(sql, params, driver.version) : null;
          if (tooLarge) throw new Error(`[Version 20.0.55] [Session 4242] [Teradata Database] request refused by the double: ${tooLarge}`);
          const m = driver.meaning(sql);
          const failure = driver.fault?.(m.name, driver.recorded.length);
          driver.recorded.push({ sql, name: m.name, params: driver.keepParams ? params : many ? [] : null, many });
          if (failure) throw failure;
          switch (m.kind) {
            case 'stage': {
              const list = staged.get(m.table) ?? [];
              for (const row of many ? params : [params]) list.push(row);
              staged.set(m.table, list);
              rowcount = many ? params.length : 1;
              return;
            }
            case 'apply': {
              const list = staged.get(m.table) ?? [];
              rowcount = list.length === 0 ? 0 : await driver.embedded.execute(m.sql, [JSON.stringify(list.map((r) => r.map(jsonText)))]);
              return;
            }
            case 'rows': {
              const list = many ? params : [params];
              rowcount = list.length === 0 ? 0 : await driver.embedded.execute(m.sql, [JSON.stringify(list.map((r) => r.map(jsonText)))]);
              return;
            }
            case 'clear':
              rowcount = (staged.get(m.table) ?? []).length;
              staged.delete(m.table);
              return;
            case 'reactivate': {
              const ids = (staged.get(m.table) ?? []).map((r) => r[0]);
              for (let i = 0; i < ids.length; i += 1000) {
                const chunk = ids.slice(i, i + 1000);
                rowcount += await driver.embedded.execute(expandInList(m.sql, chunk.length), chunk);
              }
              return;
            }
            default: {
              const sqlOnEmbedded = m.markers.length > 0 && m.jsonListAt === undefined ? expandInLists(m.sql, m.markers) : m.sql;
              if (m.params) params = m.params;
              if (m.jsonListAt !== undefined) params = [...params.slice(0, m.jsonListAt), JSON.stringify(params.slice(m.jsonListAt))];
              if (m.paged && !many) params = pageParams(params);
              if (many) {
                rowcount = await driver.embedded.batch(sqlOnEmbedded, params);
                return;
              }
              if (/^\s*(LOCKING\b[^\n]*\n?\s*)?(SELECT|SEL|WITH|SHOW)\b/i.test(sql)) {
                const result = await driver.embedded.query(sqlOnEmbedded, params);
                columns = result.length > 0 ? Object.keys(result[0]) : [];
                rows = result.map((r) => columns.map((c) => r[c]));
                rowcount = rows.length;
                return;
              }
              rowcount = await driver.embedded.execute(sqlOnEmbedded, params);
            }
          }
        };
        return {
          get description() {
            return columns ? columns.map((c) => [c, 'VARCHAR']) : null;
          },
          get rowcount() {
            return rowcount;
          },
          get arraysize() {
            return arraysize;
          },
          set arraysize(v) {
            if (!Number.isInteger(v) || v <= 0) throw new TypeError(`unexpected value ${v}`);
            arraysize = v;
          },
          executeAsync: (sql, params) => answer(sql, params ?? [], false),
          executemanyAsync: (sql, params) => answer(sql, params, true),
          fetchmany(size) {
            const out = rows.slice(position, position + (size || arraysize));
            position += out.length;
            return out;
          },
          close() {},
        };
      },
    };
  }
}
