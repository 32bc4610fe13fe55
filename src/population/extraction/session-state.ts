import type { ExtractionContext } from './extraction.types.js';
import { lower } from './syntax-tree.js';
import { VolatileSession } from './volatile-session.js';

/** Session state shared by the statements of one script or DBQL session. */
export class SessionState {
  defaultDatabase: string | null;
  /** Tables created or seen in this session: columns. */
  readonly created = new Map<string, string[]>();
  /** Volatile tables: lineage of each column back to permanent sources. */
  readonly volatile = new VolatileSession();

  constructor(readonly context: ExtractionContext) {
    this.defaultDatabase = context.defaultDatabase ? lower(context.defaultDatabase) : null;
  }

  columnsOf(table: string): readonly string[] | null {
    return this.created.get(table) ?? this.context.metadata?.get(table) ?? null;
  }
}
