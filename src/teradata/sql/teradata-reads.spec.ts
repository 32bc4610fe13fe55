import { parse } from '@polyglot-sql/sdk';
import { describe, expect, it } from 'vitest';
import { teradataStatements } from '../../../test/support/teradata-statements.js';

const ACCESS_LOCK = /^LOCKING ROW FOR ACCESS\s+SELECT\s/;
const isRead = (sql: string) => /^(LOCKING\s[\s\S]*?\bFOR\s+ACCESS\s+)?(SELECT|SEL|WITH)\s/i.test(sql.trim());

/**
 * Reads that do not take an ACCESS lock, each with its reason. Every other
 * read of DBC and of the OL_* tables does (issue 14, finding 3; ADR 0014).
 */
const WITHOUT_ACCESS_LOCK: Record<string, string> = {
  'population.getWatermark': 'a run starts its DBQL window from it: a dirty read of a watermark a failing batch rolls back would skip log rows; one row by its primary index',
  'population.getLock': 'the single-runner lock: a run must not act on an uncommitted holder; one row by its primary index',
  'population.listRunningRuns': "runs marked interrupted from it: a dirty read could see a run another runner's insert rolls back",
  'olStore.replaceableEdgesInto': "the writer's own read inside its transaction: decides which edges to deactivate from committed rows",
  'olStore.getGeneration': "the writer's own read inside its transaction, after bumping the generation",
  'olStore.edgeStates': "the writer's own read inside its transaction: which edges it inserts or reactivates, for the change log",
  'olStore.lastChangeBefore': "the writer's own read inside its transaction, pruning the change log",
  'lineage.changeLogState': 'the live index applies the change log up to this generation: a dirty read could take a generation whose writer rolls back',
  'lineage.changedKeys': 'the live index applies what the log lists: a dirty read could list a change whose writer rolls back',
  'lineage.edgesById': 'the live index applies these edge states: a dirty read of an edge a failing writer rolls back would stay in the index',
  'usage.coverageOverlapping': 'a run decides from it which DBQL rows it counts: a dirty read of a range whose batch rolls back would leave those rows uncounted',
  'lineage.runDatasetLinks': 'the live index applies these links: a dirty read of a run a failing writer rolls back would stay in the index',
  'lineage.edgeHistoryOf': 'the live index applies these intervals with their edges (edgesById): committed rows only, for the same reason',
  'olStore.activeEdgesIntoDatasets': "the writer's own read inside its transaction: decides which edges an OpenLineage job's run ends, from committed rows",
  'olStore.runJobs': "the writer's own read inside its transaction: the jobs whose later runs may end an edge",
  'olStore.datasetStates': "the writer's own read inside its transaction: the intervals it moves (ADR 0024)",
  'olStore.fieldStates': "the writer's own read inside its transaction: the intervals it moves (ADR 0024)",
  'olStore.openFieldsOf': "the writer's own read inside its transaction: the fields a drop ends",
  'olStore.definitionsAfter': "the writer's own read inside its transaction: where a statement read late ends (ADR 0024)",
  'olStore.edgeHistory': "the writer's own read inside its transaction: the earlier intervals it rewrites",
  'olStore.historyOverlapping': "the writer's own read inside its transaction: which earlier intervals a late definition may end",
};

const reads = teradataStatements().filter((s) => isRead(s.sql));

describe('Teradata reads of DBC and the OL_* tables take an ACCESS lock', () => {
  it('finds the reads of every catalog', () => {
    const catalogs = new Set(reads.map((r) => r.name.split(/[.(]/)[0]));
    expect([...catalogs].sort()).toEqual(['dictionary', 'ingestion', 'lineage', 'marquez', 'olStore', 'openLineageEmit', 'population', 'schema', 'session', 'usage']);
    expect(reads.length).toBeGreaterThanOrEqual(35);
  });

  it.each(reads.filter((r) => !(r.name in WITHOUT_ACCESS_LOCK)).map((r) => [r.name, r.sql] as const))('%s: LOCKING ROW FOR ACCESS, and it parses', (_name, sql) => {
    expect(sql).toMatch(ACCESS_LOCK);
    const result = parse(sql, 'teradata' as never) as { success: boolean; error?: string };
    expect(result.error ?? null).toBeNull();
  });

  it.each(Object.entries(WITHOUT_ACCESS_LOCK))('%s reads committed rows on purpose (%s)', (name) => {
    const read = reads.find((r) => r.name === name);
    expect(read?.sql).toMatch(/^SELECT\s/);
  });
});
