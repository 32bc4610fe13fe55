// A session script through the extraction engine, with the composed view of it: tables living
// only in the session (volatile ones, and ones created and dropped in it) collapsed, so a
// permanent target links to the permanent sources. Production does not compose (population
// replays a reader's volatile steps before it instead); the golden tests check the composed view
// (engine from src/, test/support/extraction-golden.ts) and bench:accuracy scores it (engine
// from dist/, bench/lib/extraction-session.worker.mjs). Plain JavaScript so both can load it;
// types in extraction-session.d.mts.

const CREATE = /^\s*(?:CREATE|CT|REPLACE)\b(?:\s+(?:MULTISET|SET|VOLATILE|GLOBAL|TEMPORARY|TABLE))*\s+TABLE\b|^\s*CT\b/i;
const VOLATILE = /^\s*(?:CREATE|CT)\s+(?:(?:MULTISET|SET)\s+)?(?:VOLATILE|GLOBAL\s+TEMPORARY)\b|^\s*(?:CREATE|CT)\s+VOLATILE\b/i;
const DROP = /^\s*DROP\s+TABLE\b/i;

/**
 * One DBQL session (or BTEQ script): statements are extracted in order and share volatile
 * tables, tables created earlier and the `DATABASE x;` default. `finish()` composes the
 * statements' edges.
 *
 * ```js
 * const session = new ExtractionSession(engine, { defaultDatabase: 'etl_work', metadata });
 * session.extract('CREATE VOLATILE TABLE vt AS (SELECT …) WITH DATA ON COMMIT PRESERVE ROWS');
 * session.extract('INSERT INTO mart.t SELECT … FROM vt');
 * const { columnEdges } = session.finish();
 * ```
 * Runs the parser on the calling thread: inside a worker, or for small trusted inputs.
 */
export class ExtractionSession {
  #engine;
  #state;
  #context;
  #texts = [];
  #results = [];
  /** Every volatile table seen, also after a DROP removed it from the engine's session. */
  #volatile = new Set();

  constructor(engine, options = {}) {
    this.#engine = engine;
    this.#context = { defaultDatabase: options.defaultDatabase ?? null, metadata: options.metadata, dialect: options.dialect ?? 'teradata' };
    this.#state = new engine.SessionState(this.#context);
  }

  /** Extracts one request (DBQL keeps a multi-statement request as one text): one result per statement in it. Never throws. */
  extract(sql) {
    const statements = this.#engine.splitScript(sql);
    if (statements.length === 0) return this.#engine.extractLineage(sql, this.#context, this.#state);
    const results = [];
    for (const statement of statements) {
      for (const r of this.#engine.extractLineage(statement, this.#context, this.#state)) {
        results.push(r);
        this.#results.push(r);
        this.#texts.push(statement);
      }
      for (const t of this.#state.volatile.names()) this.#volatile.add(t);
    }
    return results;
  }

  /** Per-statement results so far plus the composed view. */
  finish() {
    const volatile = new Set(this.#volatile);
    this.#results.forEach((r, i) => {
      if (VOLATILE.test(this.#texts[i] ?? '')) r.outTables.forEach((t) => volatile.add(t));
    });
    for (const t of this.#state.volatile.names()) volatile.add(t);
    return composeSession(this.#results, this.#texts, [...volatile]);
  }
}

function edgeKey(dataset, field) {
  return `${dataset ?? ''}\u0000${field}`;
}

const SUBTYPE_RANK = { IDENTITY: 0, TRANSFORMATION: 1, AGGREGATION: 2 };

/** source → mid → target: the composed edge keeps the weaker link's kind. */
function chain(first, second, through) {
  const indirect = first.transformationType === 'INDIRECT' || second.transformationType === 'INDIRECT';
  let subtype;
  if (second.transformationType === 'INDIRECT') subtype = second.transformationSubtype;
  else if (first.transformationType === 'INDIRECT') subtype = first.transformationSubtype;
  else subtype = (SUBTYPE_RANK[first.transformationSubtype] ?? 1) >= (SUBTYPE_RANK[second.transformationSubtype] ?? 1) ? first.transformationSubtype : second.transformationSubtype;
  const masking = first.masking || second.masking;
  return {
    source: first.source,
    target: second.target,
    transformationType: indirect ? 'INDIRECT' : 'DIRECT',
    transformationSubtype: subtype,
    description: `${second.description} (through ${through})`,
    masking,
    confidence: Math.min(first.confidence, second.confidence),
  };
}

/**
 * Composes per-statement results in order. `texts` are the statements' texts (to see
 * CREATE/DROP), `volatile` the tables known to be session-scoped. Order matters: a statement
 * reading a session table sees what earlier statements wrote into it, and a CREATE starts the
 * table afresh.
 */
function composeSession(results, texts, volatile) {
  const created = new Set();
  const dropped = new Set();
  results.forEach((r, i) => {
    const text = texts[i] ?? '';
    if (CREATE.test(text)) r.outTables.forEach((t) => created.add(t));
    if (DROP.test(text)) r.outTables.forEach((t) => dropped.add(t));
  });
  const scoped = new Set(volatile);
  for (const t of created) if (dropped.has(t)) scoped.add(t);

  // What each session-scoped column holds so far, as edges from permanent sources.
  const held = new Map();
  const out = new Map();
  const warnings = [];
  const inTables = new Set();
  const outTables = new Set();

  results.forEach((r, i) => {
    const text = texts[i] ?? '';
    if (DROP.test(text)) return;
    if (CREATE.test(text)) for (const t of r.outTables) if (scoped.has(t)) for (const k of [...held.keys()]) if (k.startsWith(`${t}\u0000`)) held.delete(k);
    r.inTables.forEach((t) => !scoped.has(t) && inTables.add(t));
    r.outTables.forEach((t) => !scoped.has(t) && outTables.add(t));
    const writes = new Map();
    for (const e of r.columnEdges) {
      let sources;
      if (scoped.has(e.source.dataset)) {
        const prefix = `${e.source.dataset}\u0000`;
        const upstream = e.source.field === '*' ? [...held].filter(([k]) => k.startsWith(prefix)).flatMap(([, v]) => v) : (held.get(edgeKey(e.source.dataset, e.source.field)) ?? []);
        if (upstream.length === 0) warnings.push(`${e.source.dataset}.${e.source.field} has no known source in this session`);
        sources = upstream.map((u) => chain(u, e, e.source.dataset));
      } else sources = [e];
      if (e.target.dataset !== null && scoped.has(e.target.dataset)) {
        const k = edgeKey(e.target.dataset, e.target.field);
        writes.set(k, [...(writes.get(k) ?? []), ...sources]);
      } else {
        for (const s of sources) {
          const k = `${edgeKey(s.source.dataset, s.source.field)}\u0001${edgeKey(s.target.dataset, s.target.field)}`;
          const prev = out.get(k);
          if (!prev || (prev.transformationType === 'INDIRECT' && s.transformationType === 'DIRECT')) out.set(k, s);
        }
      }
    }
    // Rows added to (or updated in) a session table keep what it held before.
    for (const [k, edges] of writes) held.set(k, [...(held.get(k) ?? []), ...edges]);
  });

  return {
    statements: results,
    inTables: [...inTables],
    outTables: [...outTables],
    columnEdges: [...out.values()],
    sessionTables: [...scoped],
    warnings,
  };
}
