import { parentPort } from 'node:worker_threads';
import { ExtractionJobRunner, type WorkerJob, type WorkerMetadata } from './extraction-job.js';
import { extractLineage } from './extractor.js';

/**
 * Worker thread: runs the synchronous WASM parser off the caller's event
 * loop (the messages are in extraction-job.ts). Compiled to
 * dist/population/extraction/extraction.worker.js, which the pool starts
 * (also when the pool itself runs from TypeScript under vitest).
 */

const runner = new ExtractionJobRunner();

parentPort?.on('message', (message: WorkerJob | WorkerMetadata) => {
  const reply = runner.handle(message);
  if (reply) parentPort?.postMessage(reply);
});

// Warm up (the first parse compiles much of the WASM module lazily), then tell the pool:
// deadlines are counted from here, so a replacement worker's start-up never eats a statement's time.
extractLineage("INSERT INTO w.t (a) SELECT CASE WHEN b > 1 THEN SUM(c) OVER (PARTITION BY d) END FROM w.s s JOIN w.u u ON s.k = u.k");
parentPort?.postMessage({ type: 'ready' });
