import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { AppModule } from '../dist/app.module.js';
import { buildAppConfig } from '../dist/config/app-config.js';
import { loadConfig } from '../dist/config/config.loader.js';
import { configureApp } from '../dist/http/configure-app.js';
import { DatabasePort } from '../dist/teradata/database.port.js';
import { LineageIndexService } from '../dist/lineage/lineage-index.service.js';
const config = buildAppConfig(loadConfig({ env: { EMBEDDED_DATABASE_PATH: process.argv[2], EMBEDDED_DEMO: 'false', REDIS_ADDR: '', LOG_LEVEL: 'silent', QVCI_CHECK_SCHEDULE: '', CACHE_TTL_SECONDS: '0', RATE_LIMIT_MAX: '1000000', API_KEYS: 'k-0123456789abcdef' } }));
const app = await NestFactory.create(AppModule.forRoot(config), { bodyParser: false, logger: false });
configureApp(app, config);
await app.listen(0, '127.0.0.1');
const idx = app.get(LineageIndexService);
while (!idx.current()) await idx.refresh();
const port = app.get(DatabasePort);
const stats = new Map();
const wrap = (obj, name) => { const orig = obj[name].bind(obj); obj[name] = async (sql, ...rest) => { const t0 = performance.now(); try { return await orig(sql, ...rest); } finally { const k = `${name} ${String(sql).replace(/\s+/g, ' ').slice(0, 90)}`; const s = stats.get(k) ?? { n: 0, ms: 0 }; s.n++; s.ms += performance.now() - t0; stats.set(k, s); } }; };
wrap(port, 'query'); wrap(port, 'execute');
const origTx = port.transaction.bind(port);
port.transaction = (fn) => origTx((tx) => { for (const m of ['query', 'execute']) if (tx[m]) wrap(tx, m); return fn(tx); });
const base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
const ns = 'teradata://x:1025';
const ev = (k) => ({ eventType: 'COMPLETE', eventTime: new Date().toISOString(), run: { runId: randomUUID() }, job: { namespace: ns, name: `job${k % 50}` },
  inputs: [{ namespace: ns, name: 'db.src' }], outputs: [{ namespace: ns, name: `db.t${k}`, facets: { columnLineage: { _producer: 'https://e.com/p', _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet', fields: { c: { inputFields: [{ namespace: ns, name: 'db.src', field: 'a', transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] }] } } } } }],
  producer: 'https://e.com/p', schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent' });
const N = Number(process.argv[3] ?? 50);
const t0 = performance.now();
for (let k = 0; k < N; k++) { const r = await fetch(base + '/api/v1/lineage', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k-0123456789abcdef' }, body: JSON.stringify(ev(k)) }); if (r.status >= 300) console.log(r.status, await r.text()); else await r.text(); }
const total = performance.now() - t0;
console.log(`${N} sequential posts: ${(total / N).toFixed(1)} ms each`);
for (const [k, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(`${(s.ms / N).toFixed(2).padStart(8)} ms/post  n=${s.n}  ${k}`);
await app.close();
