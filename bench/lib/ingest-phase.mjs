// The sustained-ingestion phase of bench:scale and bench:ingest: `rate` OpenLineage events a second (at most
// `concurrency` in flight) for `seconds`, each a new column edge from a field of the warehouse (ingest.mjs), while 10
// connections read depth-5 upstream answers (load.mjs); every `probeEvery` seconds one event is a probe, polled for
// until the API serves its edge. Prints one line and returns the figures.
import { join } from 'node:path';
import { runScript } from './service.mjs';

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
