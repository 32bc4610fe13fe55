// Load generator for the API benchmarks, run as its own process so the client never shares a heap or an
// event loop with the benchmark driver. Usage: node load.mjs <spec.json>, where the spec holds
// { url, paths, connections, duration, headers? }; prints autocannon's figures, and p95 from every response's
// latency (autocannon's histogram reports p90 and p97.5), as one JSON line.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let i = 0;
const times = [];
const run = autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.duration,
  headers: spec.headers ?? {},
  requests: [{ setupRequest: (req) => ({ ...req, path: spec.paths[i++ % spec.paths.length] }) }],
});
run.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
const result = await run;
times.sort((a, b) => a - b);
const p95 = times.length > 0 ? Math.round(times[Math.min(times.length - 1, Math.floor(times.length * 0.95))] * 100) / 100 : NaN;
const { latency, requests, non2xx, errors, timeouts } = result;
process.stdout.write(JSON.stringify({ latency: { p50: latency.p50, p95, p97_5: latency.p97_5, p99: latency.p99 }, requests: { average: requests.average }, non2xx, errors, timeouts }));
