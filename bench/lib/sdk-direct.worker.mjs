// Baseline for bench/extraction.bench.mjs: the SDK called directly, the way one would
// without the engine — parse the statement, then ask the SDK for column lineage
// (openLineageColumnLineage, which handles SELECT and INSERT … SELECT).
// workerData.mode 'parse' stops after parse(): the floor any AST-based engine starts from.
import { parentPort, workerData } from 'node:worker_threads';
import * as sdk from '@polyglot-sql/sdk';

if (typeof sdk.init === 'function' && !sdk.isInitialized?.()) await sdk.init();

parentPort.on('message', ({ id, sql }) => {
  const t0 = performance.now();
  let ok = false;
  let edges = 0;
  try {
    const parsed = sdk.parse(sql, 'teradata');
    if (parsed.success && workerData?.mode === 'parse') ok = true;
    else if (parsed.success) {
      const lineage = sdk.openLineageColumnLineage(sql, { dialect: 'teradata', producer: 'bench', datasetNamespace: 'teradata://bench' });
      ok = true;
      edges = lineage?.success && lineage.facet ? Object.keys(lineage.facet.fields ?? {}).length : 0;
    }
  } catch {
    ok = false;
  }
  parentPort.postMessage({ id, ok, edges, ms: performance.now() - t0 });
});
parentPort.postMessage({ ready: true });
