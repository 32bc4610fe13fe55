// Sustained OpenLineage ingestion for bench:scale, run as its own process beside the read load:
// node ingest.mjs <spec.json>, the spec holding { url, key, namespace, sources, rate, concurrency, duration,
// probeEvery, grace, distinct?, first? }. Posts `rate` RunEvents a second for `duration` seconds, each a new column edge from an existing
// field (`sources`, round robin) into a new one; every `probeEvery` seconds one of them is a probe, and
// the lineage API is polled until it serves the probe's edge. Prints one JSON line: posts, failures,
// POST latency p50/p99, the rate reached, and per probe the seconds until its edge was served (null if
// not within `grace` seconds after the posting stopped).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const headers = { 'content-type': 'application/json', 'x-api-key': spec.key };

function event(k, target) {
  const source = spec.sources[k % spec.sources.length];
  return {
    eventType: 'COMPLETE',
    eventTime: new Date().toISOString(),
    run: { runId: randomUUID() },
    // The warehouse's namespace: a second one would make every read without `namespace=` look its dataset up in the database.
    job: { namespace: spec.namespace, name: `ingest.job${k % 50}` },
    inputs: [{ namespace: spec.namespace, name: source.dataset }],
    outputs: [
      {
        namespace: spec.namespace,
        name: target.dataset,
        facets: {
          columnLineage: {
            _producer: 'https://example.com/bench',
            _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet',
            fields: { [target.field]: { inputFields: [{ namespace: spec.namespace, name: source.dataset, field: source.field, transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] }] } },
          },
        },
      },
    ],
    producer: 'https://example.com/bench',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  };
}

const latencies = [];
let failures = 0;
const failureKinds = {};
/** Posts one event; false when the service refused it (nothing stored), true otherwise (a dropped connection may have stored it). */
async function post(k, target) {
  const t0 = performance.now();
  try {
    const res = await fetch(`${spec.url}/api/v1/lineage`, { method: 'POST', headers, body: JSON.stringify(event(k, target)) });
    await res.arrayBuffer();
    if (res.status >= 300) {
      failures++;
      failureKinds[res.status] = (failureKinds[res.status] ?? 0) + 1;
      latencies.push(performance.now() - t0);
      return false;
    }
  } catch (err) {
    failures++;
    const kind = err.cause?.code ?? err.message;
    failureKinds[kind] = (failureKinds[kind] ?? 0) + 1;
  }
  latencies.push(performance.now() - t0);
  return true;
}

/** Polls the target's upstream until the posted edge is in it; seconds from the post, or null past the deadline. */
async function served(target, since, deadline) {
  const url = `${spec.url}/api/v2/openlineage/datasets/${target.dataset}/fields/${target.field}/lineage?direction=upstream&maxDepth=1&namespace=${encodeURIComponent(spec.namespace)}`;
  while (Date.now() < deadline()) {
    try {
      const res = await fetch(url, { headers });
      const body = await res.json().catch(() => ({}));
      if (res.ok && body.edges?.length > 0) return (performance.now() - since) / 1000;
    } catch {
      // A connection the server closed: ask again.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

const pending = [];
const probes = [];
let stopAt = Infinity;
const deadline = () => stopAt + spec.grace * 1000;
const started = performance.now();
let k = 0;
const tickMs = 50;
// Each event is posted when due, as from many independent producers; `concurrency` in flight at most, a guard: past it, due events wait (and the rate reached says so).
const MAX_IN_FLIGHT = spec.concurrency;
let inFlight = 0;
await new Promise((done) => {
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * spec.rate);
    for (; k < due && inFlight < MAX_IN_FLIGHT; k++) {
      const isProbe = k % Math.max(1, Math.round(spec.rate * spec.probeEvery)) === 0;
      // `distinct` (when set): the lineage repeats after that many events, as scheduled jobs re-emit theirs with a new run id each time.
      // `first` (when set) numbers this run's events from there: a second run on the same store then posts new edges, not the first one's again.
      const first = spec.first ?? 0;
      const n = first + (spec.distinct ? k % spec.distinct : k);
      const target = { dataset: isProbe ? `bench_probe.t${first + k}` : `bench_ingest.t${n % 500}`, field: `c${n}` };
      const since = performance.now();
      inFlight++;
      const p = post(k, target).finally(() => inFlight--);
      pending.push(p);
      // A refused probe is never served: it counts as a probe not served, without polling for it.
      if (isProbe) probes.push(p.then((stored) => (stored ? served(target, since, deadline) : null)));
    }
    if (performance.now() - started >= spec.duration * 1000) {
      clearInterval(timer);
      done();
    }
  }, tickMs);
});
const elapsed = (performance.now() - started) / 1000;
stopAt = Date.now();
await Promise.all(pending);
const probeSeconds = await Promise.all(probes);
latencies.sort((a, b) => a - b);
const q = (f) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * f))] * 10) / 10;
process.stdout.write(JSON.stringify({ posts: latencies.length, failures, failureKinds, rate: latencies.length / elapsed, p50: q(0.5), p99: q(0.99), probeSeconds }));
