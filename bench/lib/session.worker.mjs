// The extraction worker of bench:accuracy: the production worker's job handling (compiled, from
// dist/), plus session jobs for scripts scored end to end. A job sent with `all: false`
// (ExtractionPool.extract, which session-pool.mjs uses for sessions only) runs its text in one
// ExtractionSession (test/support/extraction-session.mjs) and answers with the composed view,
// where tables living only in the session are collapsed. Production never composes sessions.
import { parentPort } from 'node:worker_threads';
import { ExtractionJobRunner } from '../../dist/population/extraction/extraction-job.js';
import { extractLineage } from '../../dist/population/extraction/extractor.js';
import { splitScript } from '../../dist/population/extraction/normalize.js';
import { SessionState } from '../../dist/population/extraction/session-state.js';
import { ExtractionSession } from '../../test/support/extraction-session.mjs';

const runner = new ExtractionJobRunner();
const engine = { extractLineage, splitScript, SessionState };

function composed(job) {
  try {
    const session = new ExtractionSession(engine, runner.contextOf(job));
    for (const statement of job.sessionContext) session.extract(statement);
    session.extract(job.sql);
    return { id: job.id, results: [session.finish()] };
  } catch (err) {
    const error = { code: 'EXTRACTION_INTERNAL', message: String(err?.message ?? err).slice(0, 500) };
    return { id: job.id, results: [{ statementType: 'other', inTables: [], outTables: [], columnEdges: [], warnings: [], error }] };
  }
}

parentPort.on('message', (message) => {
  const reply = message.type === 'job' && !message.all ? composed(message) : runner.handle(message);
  if (reply) parentPort.postMessage(reply);
});

// As the production worker: warm the parser up before saying ready (deadlines count from here).
extractLineage('INSERT INTO w.t (a) SELECT CASE WHEN b > 1 THEN SUM(c) OVER (PARTITION BY d) END FROM w.s s JOIN w.u u ON s.k = u.k');
parentPort.postMessage({ type: 'ready' });
