// Deterministic generator of distinct Teradata statements for bench/extraction.bench.mjs.
// Written the way ETL tools and BI users write them: INS/SEL abbreviations, LOCKING ROW FOR
// ACCESS, volatile tables, MERGE, UPDATE … FROM, REPLACE VIEW, QUALIFY ROW_NUMBER(), CAST …
// FORMAT, COALESCE/ZEROIFNULL, long CASE mappings. Sizes are drawn log-uniformly between
// `minBytes` and `maxBytes`, so every size bucket holds statements; no two are equal.

/** mulberry32: small, fast, deterministic. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DBS = ['core', 'stage', 'mart_sales', 'mart_fin', 'edw', 'etl_work', 'ref'];
const NOUNS = ['customer', 'account', 'order', 'order_line', 'product', 'payment', 'address', 'invoice', 'shipment', 'branch', 'contract', 'ledger'];
const COLS = ['id', 'cd', 'nm', 'amt', 'qty', 'dt', 'ts', 'status', 'type_cd', 'region', 'segment', 'balance', 'rate', 'flag', 'desc_txt'];

export function makeGenerator(seed = 7) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  let serial = 0;
  const table = () => `${pick(DBS)}.${pick(NOUNS)}_${Math.floor(r() * 40)}`;
  const col = (alias) => `${alias ? `${alias}.` : ''}${pick(NOUNS)}_${pick(COLS)}`;
  const lit = () => `'${pick(['A', 'B', 'X', 'OPEN', 'CLOSED', 'N/A'])}${serial}'`;

  /** One select-list item of roughly 40–160 bytes, aliased as `out_<i>`. */
  let titles = false;
  const item = (i, aliases) => {
    const a = pick(aliases);
    const b = pick(aliases);
    switch (Math.floor(r() * (titles ? 9 : 8))) {
      case 0: return `${col(a)} AS out_${i}`;
      case 1: return `COALESCE(${col(a)}, ${col(b)}, ${lit()}) AS out_${i}`;
      case 2: return `ZEROIFNULL(${col(a)}) + NULLIFZERO(${col(b)}) AS out_${i}`;
      case 3: return `CAST(${col(a)} AS DATE FORMAT 'YYYY-MM-DD') AS out_${i}`;
      case 4: return `CASE WHEN ${col(a)} = ${lit()} THEN ${col(b)} WHEN ${col(a)} IS NULL THEN ${lit()} ELSE TRIM(${col(b)}) END AS out_${i}`;
      case 5: return `SUBSTR(${col(a)}, 1, ${1 + Math.floor(r() * 20)}) || '-' || ${col(b)} AS out_${i}`;
      case 6: return `OREPLACE(${col(a)}, ${lit()}, '') AS out_${i}`;
      case 7: return `HASHROW(${col(a)}) AS out_${i}`;
      default: return `${col(a)} (TITLE 'Out ${i}') AS out_${i}`;
    }
  };

  const joins = (n) => {
    const aliases = ['t0'];
    let sql = `${table()} t0`;
    for (let j = 1; j < n; j++) {
      aliases.push(`t${j}`);
      sql += `\n  ${pick(['INNER JOIN', 'LEFT OUTER JOIN', 'JOIN'])} ${table()} t${j} ON t${j}.${pick(NOUNS)}_id = t${j - 1}.${pick(NOUNS)}_id`;
    }
    return { sql, aliases };
  };

  const selectList = (bytes, aliases) => {
    const items = [];
    let size = 0;
    for (let i = 0; size < bytes || items.length === 0; i++) {
      const it = item(i, aliases);
      items.push(it);
      size += it.length + 4;
    }
    return items;
  };

  /** A long CASE mapping (the shape of generated ETL lookups): `whens` WHEN branches. */
  const longCase = (whens, alias) => {
    const c = col(alias);
    let s = 'CASE';
    for (let w = 0; w < whens; w++) s += `\n    WHEN ${c} = '${w}-${serial}' THEN '${pick(NOUNS)}_${w}'`;
    return `${s}\n    ELSE 'UNKNOWN' END`;
  };

  const shapes = [
    // BI select
    (bytes) => {
      const { sql: from, aliases } = joins(1 + Math.floor(r() * 3));
      const items = selectList(bytes * 0.7, aliases);
      return `LOCKING ROW FOR ACCESS\nSEL TOP ${10 + Math.floor(r() * 990)} ${items.join(',\n  ')}\nFROM ${from}\nWHERE t0.${pick(NOUNS)}_dt >= DATE - ${serial % 90}\nORDER BY 1`;
    },
    // INS … SEL with a column list
    (bytes) => {
      const { sql: from, aliases } = joins(1 + Math.floor(r() * 4));
      const items = selectList(bytes * 0.75, aliases);
      const cols = items.map((_, i) => `tgt_${i}`);
      return `INS INTO ${table()} (${cols.join(', ')})\nSEL ${items.join(',\n  ')}\nFROM ${from}\nWHERE t0.${pick(NOUNS)}_status <> ${lit()};`;
    },
    // volatile CTAS with a long CASE mapping
    (bytes) => {
      const { sql: from, aliases } = joins(1 + Math.floor(r() * 2));
      const whens = Math.max(1, Math.floor((bytes * 0.8) / 60));
      return `CREATE VOLATILE MULTISET TABLE vt_${serial} AS (\n  SELECT ${col(aliases[0])} AS k, ${longCase(whens, aliases[0])} AS mapped_cd, ${col(pick(aliases))} AS v\n  FROM ${from}\n) WITH DATA PRIMARY INDEX (k) ON COMMIT PRESERVE ROWS;`;
    },
    // MERGE
    (bytes) => {
      const { sql: from, aliases } = joins(1 + Math.floor(r() * 2));
      const items = selectList(bytes * 0.5, aliases);
      const sets = items.map((_, i) => `out_${i} = s.out_${i}`).slice(1);
      return `MERGE INTO ${table()} tgt\nUSING (SELECT ${items.join(',\n  ')} FROM ${from}) s\nON tgt.out_0 = s.out_0\nWHEN MATCHED THEN UPDATE SET ${sets.length ? sets.join(', ') : 'out_0 = s.out_0'}\nWHEN NOT MATCHED THEN INSERT (${items.map((_, i) => `out_${i}`).join(', ')}) VALUES (${items.map((_, i) => `s.out_${i}`).join(', ')});`;
    },
    // UPDATE … FROM
    (bytes) => {
      const n = Math.max(1, Math.floor(bytes / 70));
      const sets = [];
      for (let i = 0; i < n; i++) sets.push(`${pick(NOUNS)}_${pick(COLS)}_${i} = COALESCE(s.${pick(NOUNS)}_${pick(COLS)}, t.${pick(NOUNS)}_${pick(COLS)})`);
      return `UPD t\nFROM ${table()} t, ${table()} s\nSET ${sets.join(',\n  ')}\nWHERE t.${pick(NOUNS)}_id = s.${pick(NOUNS)}_id AND s.load_dt = CURRENT_DATE - ${serial % 30};`;
    },
    // REPLACE VIEW with QUALIFY
    (bytes) => {
      const { sql: from, aliases } = joins(1 + Math.floor(r() * 3));
      const items = selectList(bytes * 0.7, aliases);
      return `REPLACE VIEW ${pick(DBS)}_v.v_${pick(NOUNS)}_${serial} AS\nLOCKING ROW FOR ACCESS\nSELECT ${items.join(',\n  ')},\n  ROW_NUMBER() OVER (PARTITION BY t0.${pick(NOUNS)}_id ORDER BY t0.${pick(NOUNS)}_ts DESC) AS rn\nFROM ${from}\nQUALIFY rn = 1;`;
    },
    // CTE + UNION ALL + aggregation
    (bytes) => {
      const branches = 2 + Math.floor(r() * 4);
      const per = bytes / branches;
      const parts = [];
      let width = 0;
      for (let b = 0; b < branches; b++) {
        const { sql: from, aliases } = joins(1 + Math.floor(r() * 2));
        let items = selectList(per * 0.7, aliases);
        if (b === 0) width = items.length;
        items = items.slice(0, width);
        while (items.length < width) items.push(`NULL AS out_${items.length}`);
        parts.push(`SELECT ${items.join(', ')} FROM ${from}`);
      }
      return `INSERT INTO ${table()}\nWITH src AS (\n${parts.join('\nUNION ALL\n')}\n)\nSELECT src.*, SUM(ZEROIFNULL(src.out_0)) OVER (PARTITION BY src.out_0) AS total_${serial} FROM src;`;
    },
  ];

  /** The next statement, close to `bytes` long. */
  return (bytes) => {
    serial++;
    // One statement in five carries Teradata attribute phrases the parser rejects unnormalised.
    titles = r() < 0.2;
    return shapes[serial % shapes.length](bytes);
  };
}

/** `count` distinct statements with sizes log-uniform in [minBytes, maxBytes]. */
export function generateStatements({ count, seed = 7, minBytes = 100, maxBytes = 50_000 }) {
  const next = makeGenerator(seed);
  const r = rng(seed ^ 0x5bd1e995);
  const out = [];
  const seen = new Set();
  while (out.length < count) {
    const target = Math.floor(minBytes * Math.pow(maxBytes / minBytes, r()));
    const sql = next(target);
    if (seen.has(sql)) continue;
    seen.add(sql);
    out.push(sql);
  }
  return out;
}

/** Statements known to be slow or refused by the parser. */
export function pathologicalStatements() {
  const union = (n) => Array.from({ length: n }, (_, i) => `SELECT c${i} AS a, COUNT(*) AS n FROM db.t${i} WHERE k > ${i} GROUP BY 1`).join('\nUNION ALL\n');
  const big = (bytes) => {
    const items = [];
    let size = 0;
    for (let i = 0; size < bytes; i++) {
      const it = `CASE WHEN s.c${i % 500} = '${i}' THEN COALESCE(s.d${i % 300}, 'x${i}') ELSE s.e${i % 200} END AS o${i}`;
      items.push(it);
      size += it.length + 2;
    }
    return `INSERT INTO db.big_target SELECT ${items.join(',\n')} FROM db.big_source s`;
  };
  let nested = 'SELECT a FROM db.t';
  for (let i = 0; i < 40; i++) nested = `SELECT a FROM (${nested}) d${i}`;
  return [
    { name: '64-branch UNION ALL', sql: union(64) },
    { name: '256-branch UNION ALL', sql: union(256) },
    { name: '1 MB INSERT … SELECT', sql: big(1_000_000) },
    { name: '4 MB INSERT … SELECT', sql: big(4_000_000) },
    { name: '40 nested derived tables', sql: nested },
  ];
}
