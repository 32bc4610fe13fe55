// Load generator for bench:api, run as its own process so the client never shares a heap or an event
// loop with the benchmark driver. Usage: node load.mjs <spec.json>, where the spec holds
// { url, paths, connections, duration }; prints autocannon's figures as one JSON line.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let i = 0;
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.duration,
  requests: [{ setupRequest: (req) => ({ ...req, path: spec.paths[i++ % spec.paths.length] }) }],
});
const { latency, requests, non2xx, errors, timeouts } = result;
process.stdout.write(JSON.stringify({ latency: { p50: latency.p50, p97_5: latency.p97_5, p99: latency.p99 }, requests: { average: requests.average }, non2xx, errors, timeouts }));
