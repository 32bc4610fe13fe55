import type { TransformationSubtype } from '../../model/transformation.js';
import type { ExtractedEdge, ExtractionContext, StatementLineage, TableColumns } from './extraction.types.js';
import { extractLineage, SessionState } from './extractor.js';
import { splitScript } from './normalize.js';

/** Options of an extraction session: what a DBQL session starts with. */
export interface ExtractionSessionOptions {
  readonly defaultDatabase?: string | null;
  readonly metadata?: TableColumns;
  readonly dialect?: string;
}

/** A whole session script: per-statement lineage plus the composed, permanent-to-permanent view. */
export interface SessionLineage {
  readonly statements: readonly StatementLineage[];
  /** Permanent tables read and written by the script (session-scoped tables removed). */
  readonly inTables: readonly string[];
  readonly outTables: readonly string[];
  /** Edges with session-scoped tables collapsed: their readers link to what filled them. */
  readonly columnEdges: readonly ExtractedEdge[];
  /** Tables that lived only in this session: volatile tables, and tables created and dropped in it. */
  readonly sessionTables: readonly string[];
  readonly warnings: readonly string[];
}

const CREATE = /^\s*(?:CREATE|CT|REPLACE)\b(?:\s+(?:MULTISET|SET|VOLATILE|GLOBAL|TEMPORARY|TABLE))*\s+TABLE\b|^\s*CT\b/i;
const VOLATILE = /^\s*(?:CREATE|CT)\s+(?:(?:MULTISET|SET)\s+)?(?:VOLATILE|GLOBAL\s+TEMPORARY)\b|^\s*(?:CREATE|CT)\s+VOLATILE\b/i;
const DROP = /^\s*DROP\s+TABLE\b/i;

/**
 * One DBQL session (or BTEQ script): statements are extracted in order and
 * share volatile tables, tables created earlier and the `DATABASE x;`
 * default. `finish()` composes the statements' edges so that tables living
 * only in the session (volatile ones, and ones created and dropped in it)
 * disappear: a permanent target links to the permanent sources.
 *
 * ```ts
 * const session = new ExtractionSession({ defaultDatabase: 'etl_work', metadata });
 * session.extract('CREATE VOLATILE TABLE vt AS (SELECT …) WITH DATA ON COMMIT PRESERVE ROWS');
 * session.extract('INSERT INTO mart.t SELECT … FROM vt');
 * const { columnEdges } = session.finish();
 * ```
 * Runs the parser on the calling thread: use it inside a worker (the pool's
 * `extractSession` does), or for small trusted inputs.
 */
export class ExtractionSession {
  private readonly state: SessionState;
  private readonly context: ExtractionContext;
  private readonly texts: string[] = [];
  private readonly results: StatementLineage[] = [];
  /** Every volatile table seen, also after a DROP removed it from the engine's state. */
  private readonly volatile = new Set<string>();

  constructor(options: ExtractionSessionOptions = {}) {
    this.context = { defaultDatabase: options.defaultDatabase ?? null, metadata: options.metadata, dialect: options.dialect ?? 'teradata' };
    this.state = new SessionState(this.context);
  }

  /**
   * Extracts one request (DBQL keeps a multi-statement request as one text):
   * one result per statement in it. Never throws.
   */
  extract(sql: string): StatementLineage[] {
    const statements = splitScript(sql);
    if (statements.length === 0) return extractLineage(sql, this.context, this.state);
    const results: StatementLineage[] = [];
    for (const statement of statements) {
      for (const r of extractLineage(statement, this.context, this.state)) {
        results.push(r);
        this.results.push(r);
        this.texts.push(statement);
      }
      for (const t of this.state.volatile.keys()) this.volatile.add(t);
    }
    return results;
  }

  /** Per-statement results so far plus the composed view. */
  finish(): SessionLineage {
    return composeSession(this.results, this.texts, [...this.volatileSeen()]);
  }

  private volatileSeen(): Set<string> {
    const out = new Set<string>(this.volatile);
    this.results.forEach((r, i) => {
      if (VOLATILE.test(this.texts[i] ?? '')) r.outTables.forEach((t) => out.add(t));
    });
    for (const t of this.state.volatile.keys()) out.add(t);
    return out;
  }
}

function edgeKey(dataset: string | null, field: string): string {
  return `${dataset ?? ''}\u0000${field}`;
}

const SUBTYPE_RANK: Partial<Record<TransformationSubtype, number>> = { IDENTITY: 0, TRANSFORMATION: 1, AGGREGATION: 2 };

/** source → mid → target: the composed edge keeps the weaker link's kind. */
function chain(first: ExtractedEdge, second: ExtractedEdge, through: string): ExtractedEdge {
  const indirect = first.transformationType === 'INDIRECT' || second.transformationType === 'INDIRECT';
  let subtype: TransformationSubtype;
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
 * Composes per-statement results in order. `texts` are the statements' texts
 * (to see CREATE/DROP), `volatile` the tables known to be session-scoped.
 * Order matters: a statement reading a session table sees what earlier
 * statements wrote into it, and a CREATE starts the table afresh.
 */
export function composeSession(results: readonly StatementLineage[], texts: readonly string[], volatile: readonly string[]): SessionLineage {
  const created = new Set<string>();
  const dropped = new Set<string>();
  results.forEach((r, i) => {
    const text = texts[i] ?? '';
    if (CREATE.test(text)) r.outTables.forEach((t) => created.add(t));
    if (DROP.test(text)) r.outTables.forEach((t) => dropped.add(t));
  });
  const scoped = new Set<string>(volatile);
  for (const t of created) if (dropped.has(t)) scoped.add(t);

  // What each session-scoped column holds so far, as edges from permanent sources.
  const held = new Map<string, ExtractedEdge[]>();
  const out = new Map<string, ExtractedEdge>();
  const warnings: string[] = [];
  const inTables = new Set<string>();
  const outTables = new Set<string>();

  results.forEach((r, i) => {
    const text = texts[i] ?? '';
    if (DROP.test(text)) return;
    if (CREATE.test(text)) for (const t of r.outTables) if (scoped.has(t)) for (const k of [...held.keys()]) if (k.startsWith(`${t}\u0000`)) held.delete(k);
    r.inTables.forEach((t) => !scoped.has(t) && inTables.add(t));
    r.outTables.forEach((t) => !scoped.has(t) && outTables.add(t));
    const writes = new Map<string, ExtractedEdge[]>();
    for (const e of r.columnEdges) {
      let sources: ExtractedEdge[];
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
