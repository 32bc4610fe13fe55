import { createHash } from 'node:crypto';
import type { StatementKind } from '../statement-text.js';
import type { Up } from './upstream.js';

/**
 * The volatile tables of one Teradata session (a DBQL SessionID, a BTEQ
 * script): which tables the session holds as volatile, and whether a
 * statement creates, fills or reads one. A volatile table lives only in its
 * session, so it is never a dataset of its own: lineage goes through it to
 * what filled it.
 *
 * Two callers ask, each with what it has:
 * - population's classifier, before any parsing, from a statement's
 *   normalized text (statement-text.ts): a statement that creates or fills a
 *   volatile table is a *step*, remembered to be replayed before the
 *   statements that read the table (`VolatileSessions.classify`). It knows a
 *   table by its own name only (`vt`, whatever database qualifies it).
 * - extraction, on the parsed statement: a CREATE … AS, INSERT or UPDATE of a
 *   held table records what each of its columns holds, and a query reading
 *   the table reads those upstreams instead (`create`, `fill`, `assign`,
 *   `columns`). It knows a table by its qualified name (`db.vt`, with the
 *   session's default database).
 */
export class VolatileSession {
  /** Held tables → what each column holds (upstreams back to permanent tables; none known to the classifier). */
  private readonly tables = new Map<string, Map<string, readonly Up[]>>();
  /** The statements that created or filled the tables, in order (bounded): what a reader replays. */
  private readonly steps: { readonly sql: string; readonly fingerprint: string }[] = [];
  private digest: string | null = null;

  constructor(private readonly stepLimit = Infinity) {}

  holds(table: string): boolean {
    return this.tables.has(table);
  }

  /** Names of the held tables. */
  names(): IterableIterator<string> {
    return this.tables.keys();
  }

  /** What a reader of the table sees: each column with its upstreams; undefined when the table is not held. */
  columns(table: string): HeldColumn[] | undefined {
    const held = this.tables.get(table);
    return held ? [...held].map(([name, ups]) => ({ name, ups })) : undefined;
  }

  /** CREATE … AS: the table starts afresh with these columns. */
  create(table: string, columns: readonly HeldColumn[]): void {
    this.tables.set(table, added(new Map(), columns));
  }

  /** INSERT into a held table: rows are added, so each column keeps what it held. */
  fill(table: string, columns: readonly HeldColumn[]): void {
    this.tables.set(table, added(this.tables.get(table) ?? new Map(), columns));
  }

  /** UPDATE … SET column = …: the rows the UPDATE misses keep their value, so the column keeps what it held. */
  assign(table: string, column: string, ups: readonly Up[]): void {
    const held = this.tables.get(table);
    if (held) added(held, [{ name: column, ups }]);
  }

  drop(table: string): void {
    this.tables.delete(table);
  }

  /**
   * Classifier: a statement that is not a creation, read from its normalized text. A lineage
   * statement (`write`, `define`) whose target is a held table fills it: a step, remembered.
   * Otherwise the held tables (never stored as datasets) and, when a lineage statement
   * mentions one, the steps to replay before it with their digest (part of its cache key: the
   * same statement after the same steps has the same lineage, whichever session ran it).
   */
  classify(statement: ClassifiedText): VolatileUse {
    const lineage = statement.kind === 'write' || statement.kind === 'define';
    if (lineage && this.tables.has(writeTarget(statement.normalized) ?? '')) {
      this.record(statement);
      return STEP;
    }
    const reads = lineage && mentionsAny(statement.normalized, this.tables) ? { context: this.steps.map((s) => s.sql), digest: this.stepsDigest() } : undefined;
    return { step: false, tables: new Set(this.tables.keys()), reads };
  }

  /** Classifier: a statement that created the table `name` (its own name, lower-case). */
  created(name: string, statement: ClassifiedText): void {
    if (!this.tables.has(name)) this.tables.set(name, new Map());
    this.record(statement);
  }

  private record(statement: ClassifiedText): void {
    if (this.steps.length >= this.stepLimit) this.steps.shift();
    this.steps.push({ sql: statement.sql, fingerprint: statement.fingerprint });
    this.digest = null;
  }

  private stepsDigest(): string {
    this.digest ??= createHash('sha256')
      .update(this.steps.map((c) => c.fingerprint).join('|'))
      .digest('hex')
      .slice(0, 16);
    return this.digest;
  }
}

function added(held: Map<string, readonly Up[]>, columns: readonly HeldColumn[]): Map<string, readonly Up[]> {
  for (const c of columns) held.set(c.name, [...(held.get(c.name) ?? []), ...c.ups]);
  return held;
}

/** A column of a volatile table and what it holds. */
export interface HeldColumn {
  readonly name: string;
  readonly ups: readonly Up[];
}

/** A statement as population's classifier sees it: its text, normalized text (statement-text.ts), fingerprint and kind. */
export interface ClassifiedText {
  readonly sql: string;
  readonly normalized: string;
  readonly fingerprint: string;
  readonly kind: StatementKind;
}

/** What a statement does to the volatile tables of its session, as the classifier sees it. */
export type VolatileUse =
  /** Creates or fills a volatile table: context for the statements reading it, no lineage of its own. */
  | { readonly step: true }
  | {
      readonly step: false;
      /** The session's volatile tables (own names); undefined when the session created none. */
      readonly tables: ReadonlySet<string> | undefined;
      /** Set when a lineage statement reads one: the steps to replay before it, and their digest. */
      readonly reads: { readonly context: readonly string[]; readonly digest: string } | undefined;
    };

const STEP: VolatileUse = { step: true };
const UNRELATED: VolatileUse = { step: false, tables: undefined, reads: undefined };

/**
 * The sessions of a population run that created volatile tables, by DBQL SessionID; past
 * `sessionLimit` the least recently seen one is forgotten, and each keeps its last `stepLimit` steps.
 */
export class VolatileSessions {
  private readonly sessions = new Map<string, VolatileSession>();

  constructor(
    private readonly sessionLimit: number,
    private readonly stepLimit: number,
  ) {}

  /** What the statement does to its session's volatile tables; a creation or a fill is remembered as a step. */
  classify(sessionId: string | null, statement: ClassifiedText): VolatileUse {
    const session = sessionId === null ? undefined : this.seen(sessionId);
    const created = volatileCreated(statement.normalized);
    if (created) {
      if (sessionId !== null) (session ?? this.open(sessionId)).created(created, statement);
      return STEP;
    }
    return session ? session.classify(statement) : UNRELATED;
  }

  /** The session's record, now the most recently seen. */
  private seen(sessionId: string): VolatileSession | undefined {
    const found = this.sessions.get(sessionId);
    if (found) {
      this.sessions.delete(sessionId);
      this.sessions.set(sessionId, found);
    }
    return found;
  }

  private open(sessionId: string): VolatileSession {
    const session = new VolatileSession(this.stepLimit);
    this.sessions.set(sessionId, session);
    if (this.sessions.size > this.sessionLimit) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    return session;
  }
}

/** Extraction: a parsed CREATE TABLE makes a session-scoped table (its modifier, or VOLATILE near the start of its text). */
export function createsVolatileTable(tableModifier: unknown, sql: string): boolean {
  return /VOLATILE|GLOBAL\s+TEMPORARY/i.test(String(tableModifier ?? '')) || /\bVOLATILE\b/i.test(sql.slice(0, 80));
}

// Normalized text (statement-text.ts): upper-case tokens separated by one space, so `db.t` reads `DB . T`.
const TABLE_NAME = String.raw`"[^"]+"|[A-Z0-9_$#]+`;
const VOLATILE_CREATE = new RegExp(String.raw`\bVOLATILE (?:MULTISET |SET )?TABLE ((?:(?:${TABLE_NAME}) \. )?(?:${TABLE_NAME}))`);
const WRITE_TARGET = new RegExp(
  String.raw`^(?:\( )*(?:LOCKING .*? FOR \w+ )?(?:INSERT INTO|INSERT|INS INTO|INS|UPDATE|UPD|MERGE INTO|MERGE|CREATE (?:MULTISET |SET )?(?:GLOBAL TEMPORARY |VOLATILE )?(?:MULTISET |SET )?TABLE|CT) ((?:(?:${TABLE_NAME}) \. )?(?:${TABLE_NAME}))`,
);

/** Lower-case table name (without database) of the tables in `name` / `db . name` tokens. */
function lastPart(qualified: string): string {
  const parts = qualified.split(' . ');
  return parts[parts.length - 1].replace(/"/g, '').toLowerCase();
}

/** Name of a volatile table the statement creates (normalized text), lower-case. */
export function volatileCreated(normalized: string): string | null {
  const m = VOLATILE_CREATE.exec(normalized);
  return m ? lastPart(m[1]) : null;
}

/** Name (lower-case, without database) of the table an INSERT/UPDATE/MERGE/CREATE TABLE writes. */
export function writeTarget(normalized: string): string | null {
  const m = WRITE_TARGET.exec(normalized);
  return m ? lastPart(m[1]) : null;
}

/** True when a token of the text is one of the (lower-case) names. */
function mentionsAny(normalized: string, names: ReadonlyMap<string, unknown>): boolean {
  for (const token of normalized.split(' ')) if (names.has(token.replace(/"/g, '').toLowerCase())) return true;
  return false;
}
