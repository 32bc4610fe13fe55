// The sustained-ingestion phase of bench:scale and bench:ingest: `rate` OpenLineage events a second (at most
// `concurrency` in flight) for `seconds`, each a new column edge from a field of the warehouse (ingest.mjs), while 10
// connections read depth-5 upstream answers (load.mjs); every `probeEvery` seconds one event is a probe, polled for
// until the API serves its edge. Prints one line and returns the figures. Also: ingestionCost, the service's CPU per event
// without readers.
import { join } from 'node:path';
import { cpuSeconds, runScript } from './service.mjs';

const quantile = (sorted, f) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * f))]);

export async function sustainedIngestion({ dir, base, key, namespace, sources, readPaths, headers, rate, concurrency, seconds, grace, probeEvery = 5 }) {
  const [reads, ingest] = await Promise.all([
    runScript('load.mjs', join(dir, 'load-spec.ingest.json'), { url: base, paths: readPaths, connections: 10, duration: seconds, headers }),
    runScript('ingest.mjs', join(dir, 'ingest-spec.json'), { url: base, key, namespace, sources, rate, concurrency, duration: seconds, probeEvery, grace }),
  ]);
  const servedIn = ingest.probeSeconds.filter((s) => s !== null).sort((a, b) => a - b);
  const figures = { ...ingest, reads, median: quantile(servedIn, 0.5), p99: quantile(servedIn, 0.99), max: servedIn.at(-1), served: servedIn.length, postP99: ingest.p99 };
  console.log(
    `ingestion, ${rate}/s asked for ${seconds} s (at most ${concurrency} posts in flight) while 10 conn read: ${ingest.posts} posted (${ingest.rate.toFixed(0)}/s reached, ${ingest.failures} failed${ingest.failures > 0 ? ` ${JSON.stringify(ingest.failureKinds)}` : ''}), POST p50 ${ingest.p50} ms p99 ${ingest.p99} ms; ` +
      `reads ${Math.round(reads.requests.average)} req/s p95 ${reads.latency.p95} ms, ${reads.non2xx} non-2xx; a posted edge served after ${servedIn.length > 0 ? `${figures.median.toFixed(2)} s (median), ${figures.p99.toFixed(2)} s (p99), ${figures.max.toFixed(2)} s (max)` : 'never'}` +
      ` (${servedIn.length} of ${ingest.probeSeconds.length} probes within ${grace} s of the end)`,
  );
  return figures;
}


/**
 * `rate` events a second for `seconds`, not measured, with no readers: a fresh service's first groups plan every statement,
 * compile the write path and (on a large store) read its tables' pages from disk, which took 0.3 s a group at 1M edges
 * and 5 s for the first one at 10M; measured, they would be the run's p99 and hold 64 posts in flight. Events of their own
 * (new edges, as the rest). Returns once every one is answered.
 */
export async function warmIngestion({ dir, base, key, namespace, sources, rate, seconds }) {
  const started = performance.now();
  const warm = await runScript('ingest.mjs', join(dir, 'ingest-spec.warm.json'), { url: base, key, namespace, sources, rate, concurrency: 64, duration: seconds, probeEvery: seconds + 1, grace: 5, first: 90_000_000 });
  console.log(`write path warmed: ${warm.posts} events in ${((performance.now() - started) / 1000).toFixed(1)} s (POST p99 ${warm.p99} ms), not measured`);
}

/**
 * What an event costs the service, without readers: `rate` events a second for `seconds` (after `warmSeconds` of the
 * same, not measured), and the CPU time the
 * service process used meanwhile, per event: in all, and on its main thread (HTTP, validation, the event loop's share
 * of each statement, the index apply); the rest is the engine (DuckDB on libuv's pool), render threads and the
 * collector. Unlike latencies under load, this hardly depends on what else the machine does: it says what a core
 * sustains, and moves when the write path does.
 */
export async function ingestionCost({ dir, base, key, namespace, sources, pid, rate, seconds, warmSeconds = 3 }) {
  if (warmSeconds > 0) await warmIngestion({ dir, base, key, namespace, sources, rate, seconds: warmSeconds });
  const before = { all: cpuSeconds(pid), main: cpuSeconds(pid, pid) };
  const ingest = await runScript('ingest.mjs', join(dir, 'ingest-spec.alone.json'), { url: base, key, namespace, sources, rate, concurrency: 64, duration: seconds, probeEvery: seconds + 1, grace: 5, first: 100_000_000 });
  const all = cpuSeconds(pid) - before.all;
  const main = cpuSeconds(pid, pid) - before.main;
  const figures = { events: ingest.posts, rate: ingest.rate, p50: ingest.p50, p99: ingest.p99, cpuMsPerEvent: (1000 * all) / ingest.posts, mainMsPerEvent: (1000 * main) / ingest.posts };
  console.log(
    `ingestion alone, ${rate}/s asked for ${seconds} s: ${ingest.posts} posted (${ingest.rate.toFixed(0)}/s), POST p50 ${ingest.p50} ms p99 ${ingest.p99} ms; ` +
      `service CPU ${figures.cpuMsPerEvent.toFixed(2)} ms an event (main thread ${figures.mainMsPerEvent.toFixed(2)} ms, engine and other threads ${(figures.cpuMsPerEvent - figures.mainMsPerEvent).toFixed(2)} ms)`,
  );
  return figures;
}
