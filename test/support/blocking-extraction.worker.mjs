// A test worker for the extraction pool: the production worker's job handling (compiled, from
// dist/), except that a job whose SQL is exactly `BLOCK` is never answered: the thread waits
// until the pool terminates it. A deadline then fires whatever the machine's load, and a job
// stays in flight as long as a test needs.
import { parentPort } from 'node:worker_threads';
import { ExtractionJobRunner } from '../../dist/population/extraction/extraction-job.js';
import { extractLineage } from '../../dist/population/extraction/extractor.js';

const runner = new ExtractionJobRunner();

parentPort.on('message', (message) => {
  if (message.type === 'job' && message.sql === 'BLOCK') {
    const cell = new Int32Array(new SharedArrayBuffer(4));
    // Short waits, so the thread notices termination at once.
    for (;;) Atomics.wait(cell, 0, 0, 20);
  }
  const reply = runner.handle(message);
  if (reply) parentPort.postMessage(reply);
});

// As the production worker: warm the parser up before saying ready (deadlines count from here).
extractLineage('INSERT INTO w.t (a) SELECT CASE WHEN b > 1 THEN SUM(c) OVER (PARTITION BY d) END FROM w.s s JOIN w.u u ON s.k = u.k');
parentPort.postMessage({ type: 'ready' });
