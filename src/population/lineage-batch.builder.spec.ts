import { describe, expect, it } from 'vitest';
import { buildLineageBatch, type ExtractedStatement, LineageBatchBuilder } from './lineage-batch.builder.js';

const CONTEXT = { namespaceId: 'ns1', dictionary: new Map() };

/** A statement writing `target (columns)` from `source`, column by column, run as DBQL query `queryId` at `minute`. */
function statement(queryId: string, minute: number, kind: 'define' | 'write', target: string, source: string, columns: readonly string[]): ExtractedStatement {
  const head = kind === 'define' ? `REPLACE VIEW ${target}` : `INSERT INTO ${target}`;
  return {
    queryId,
    startTime: new Date(Date.UTC(2026, 11, 1, 8, minute)),
    sql: `${head} SELECT ${columns.join(', ')} FROM ${source}`,
    fingerprint: `${head}|${source}|${columns.join(',')}`,
    head,
    kind,
    defaultDatabase: 'sales',
    outcome: {
      statementType: kind === 'define' ? 'REPLACE VIEW' : 'INSERT',
      inTables: [source],
      outTables: [target],
      columnEdges: columns.map((c) => ({
        source: { dataset: source, field: c },
        target: { dataset: target, field: c },
        transformationType: 'DIRECT' as const,
        transformationSubtype: 'IDENTITY' as const,
        description: null,
        masking: false,
        confidence: 1,
      })),
      warnings: [],
    },
  };
}

/** A day's statements: writes, a view defined, written through, redefined with fewer columns, and repeats of each. */
const DAY: ExtractedStatement[] = [
  statement('1', 0, 'write', 'sales.t', 'sales.s', ['a', 'b']),
  statement('2', 1, 'define', 'sales.v', 'sales.t', ['a', 'b']),
  statement('3', 2, 'write', 'sales.t', 'sales.s', ['a', 'b']),
  statement('4', 3, 'write', 'sales.u', 'sales.v', ['a']),
  statement('5', 4, 'define', 'sales.v', 'sales.t', ['a']),
  statement('6', 5, 'write', 'sales.u', 'sales.v', ['a']),
  statement('7', 6, 'write', 'sales.t', 'sales.s', ['a', 'b', 'c']),
];

describe('LineageBatchBuilder', () => {
  it('gives for statements added page after page the batch of all of them at once', () => {
    const whole = buildLineageBatch(DAY, CONTEXT);
    for (const cut of [1, 2, 3, 4, 5, 6]) {
      const builder = new LineageBatchBuilder(CONTEXT);
      builder.add(DAY.slice(0, cut));
      builder.add(DAY.slice(cut));
      expect(builder.take(), `pages cut after statement ${cut}`).toEqual(whole);
    }
  });

  it('counts what it holds, and starts afresh once taken', () => {
    const builder = new LineageBatchBuilder(CONTEXT);
    expect(builder.held).toBe(0);
    builder.add(DAY.slice(0, 1));
    // 2 datasets, 4 fields, 1 job, 1 run, 1 input and 1 output link, 2 edges; the step: 2 edges, 2 datasets, 4 fields
    expect(builder.held).toBe(2 + 4 + 1 + 1 + 2 + 2 + (2 + 2 + 4));
    builder.add(DAY.slice(2, 3));
    // the same rows again add only the run, its links and its step
    expect(builder.held).toBe(20 + 1 + 2 + 8);
    const batch = builder.take();
    expect(batch.runs.map((r) => r.runId)).toHaveLength(2);
    expect(builder.held).toBe(0);
    expect(builder.take()).toEqual(buildLineageBatch([], CONTEXT));
  });
});
