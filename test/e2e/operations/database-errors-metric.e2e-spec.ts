import { describe, expect, it } from 'vitest';
import { buildAppConfig } from '../../../src/config/app-config.js';
import { loadConfig } from '../../../src/config/config.loader.js';
import { LineageMetrics } from '../../../src/metrics/lineage.metrics.js';
import { TeradataAdapter } from '../../../src/teradata/teradata/teradata.adapter.js';
import { FakeTeradata, tdError } from '../../support/fake-teradatasql.js';
import { parsePrometheus, samplesWith } from './prometheus.js';

/**
 * lineage_database_query_errors_total: the Teradata adapter reports every
 * failure it gives up on (not the transient ones it retried successfully),
 * and TeradataModule counts it by error code. Driver faked at its boundary.
 */
const config = buildAppConfig(loadConfig({ env: { TERADATA_HOST: 'td.example.com', TERADATA_PASSWORD: 'pw-123456', TERADATA_RETRY_ATTEMPTS: '1' } })).database;

describe('database query errors by code (Teradata adapter → metric)', () => {
  it('counts permanent and exhausted errors by code, not retried successes', async () => {
    const metrics = new LineageMetrics();
    const fake = new FakeTeradata()
      .on(/FROM DBC\.DBQLogTbl/, { error: tdError(3523, 'The user does not have SELECT access to DBC.DBQLogTbl.') })
      .on(/SELECT 1/, { error: tdError(2631, 'Transaction ABORTed due to deadlock.') }, { columns: ['ok'], rows: [[1]] })
      .on(/SELECT 2/, { error: tdError(3111, 'The dispatcher has timed out the transaction.') });
    const adapter = await TeradataAdapter.connect(config, {
      driver: fake,
      sleep: async () => undefined,
      baseDelayMs: 1,
      // The same callback TeradataModule passes.
      onError: (code) => metrics.databaseErrors.inc({ code: String(code ?? 'none') }),
    });
    await expect(adapter.query('SELECT * FROM DBC.DBQLogTbl')).rejects.toThrow(/3523/);
    await expect(adapter.query('SELECT * FROM DBC.DBQLogTbl')).rejects.toThrow(/3523/);
    await expect(adapter.query('SELECT 1')).resolves.toEqual([{ ok: 1 }]);
    await expect(adapter.query('SELECT 2')).rejects.toThrow(/3111/);
    await adapter.close();

    const families = await parsePrometheus(await metrics.registry.metrics());
    expect(samplesWith(families, 'lineage_database_query_errors_total', { code: '3523' })[0]?.value).toBe(2);
    expect(samplesWith(families, 'lineage_database_query_errors_total', { code: '3111' })[0]?.value).toBe(1);
    expect(samplesWith(families, 'lineage_database_query_errors_total', { code: '2631' })).toEqual([]);
  });
});
