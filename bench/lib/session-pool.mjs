// The extraction pool (compiled, from dist/) running session.worker.mjs: `extractScript` answers as
// in production; `extractSession` runs a session's statements in one worker job and returns the
// composed view (test/support/extraction-session.mjs), or, on a timeout or crash, the failure as
// the session's only statement result and no edges.
import { ExtractionPool } from '../../dist/population/extraction/extraction.pool.js';

export class SessionExtractionPool {
  #pool;

  constructor(pool) {
    this.#pool = pool;
  }

  /** Same options as ExtractionPool.create (the worker script aside). */
  static async create(options) {
    return new SessionExtractionPool(await ExtractionPool.create({ ...options, workerUrl: new URL('./session.worker.mjs', import.meta.url) }));
  }

  extractScript(sql, options = {}) {
    return this.#pool.extractScript(sql, options);
  }

  /** The statements in order, as one request (joined by `;\n`), with one deadline; per-statement results plus the composed view. */
  async extractSession(statements, options = {}) {
    const r = await this.#pool.extract(statements.join(';\n'), options);
    if (r.statements) return r;
    return { statements: [r], inTables: [], outTables: [], columnEdges: [], sessionTables: [], warnings: r.error ? [`${r.error.code}: ${r.error.message}`] : [] };
  }

  close() {
    return this.#pool.close();
  }
}
