import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ExtractedEdge, StatementLineage, StatementType } from '../../src/population/extraction/extraction.types.js';
import { extractLineage } from '../../src/population/extraction/extractor.js';
import { splitScript } from '../../src/population/extraction/normalize.js';
import { SessionState } from '../../src/population/extraction/session-state.js';
import { ExtractionSession, type ExtractionSessionOptions } from './extraction-session.mjs';

/**
 * Golden extraction cases in test/golden/extraction (format in that folder's
 * README): Teradata SQL as ETL and BI tools write it, with the lineage a
 * reader expects. Each case runs in-process in its own ExtractionSession.
 */

interface GoldenCase {
  readonly name: string;
  readonly defaultDatabase?: string;
  readonly dialect?: string;
  readonly metadata?: Record<string, string[]>;
  readonly sql: string;
  readonly expect: {
    readonly statementTypes?: StatementType[];
    readonly inTables?: string[];
    readonly outTables?: string[];
    readonly edges?: string[];
    readonly subtypes?: Record<string, string>;
    readonly masking?: string[];
    readonly confidence?: Record<string, number>;
    readonly composedEdges?: string[];
    /** Columns read (usage), `db.table.column projection|predicate`, exact set over the script. */
    readonly reads?: string[];
    readonly composedInTables?: string[];
    readonly composedOutTables?: string[];
    readonly error?: string;
  };
}

export const goldenDir = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'golden', 'extraction');

/** A session on the engine from src/ (see extraction-session.mjs). */
export function extractionSession(options: ExtractionSessionOptions = {}): ExtractionSession {
  return new ExtractionSession({ extractLineage, splitScript, SessionState }, options);
}

/** `@nested:N` stands for N nested derived tables (too long to keep readable in JSON). */
function expandSql(sql: string): string {
  const nested = /^@nested:(\d+)$/.exec(sql);
  if (!nested) return sql;
  let out = 'SELECT a FROM db.t';
  for (let i = 0; i < Number(nested[1]); i++) out = `SELECT a FROM (${out}) d${i}`;
  return out;
}

function edgeName(e: ExtractedEdge): string {
  return `${e.source.dataset}.${e.source.field} -> ${e.target.dataset ?? '<result>'}.${e.target.field}`;
}

/** The corpus' notion of an upstream: DIRECT, plus CASE conditions and window keys. */
function isUpstream(e: ExtractedEdge): boolean {
  return e.transformationType === 'DIRECT' || e.transformationSubtype === 'CONDITIONAL' || e.transformationSubtype === 'WINDOW';
}

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/**
 * One `describe` for a golden file (path under test/golden/extraction), one test per case.
 * With `statementTypes`, the file holds one handler's cases: each case names its statement
 * types, and one of them is the handler's.
 */
export function describeGoldenFile(file: string, options: { readonly statementTypes?: readonly StatementType[] } = {}): void {
  const cases = JSON.parse(readFileSync(join(goldenDir, file), 'utf8')) as GoldenCase[];
  describe(file, () => {
    if (options.statementTypes) {
      it('holds this handler’s cases', () => {
        expect(cases.length).toBeGreaterThan(0);
        for (const c of cases) expect({ name: c.name, ofThisKind: (c.expect.statementTypes ?? []).some((t) => options.statementTypes?.includes(t)) }).toEqual({ name: c.name, ofThisKind: true });
      });
    }
    for (const c of cases) it(c.name, () => checkCase(c));
  });
}

function checkCase(c: GoldenCase): void {
  const session = extractionSession({
    defaultDatabase: c.defaultDatabase ?? null,
    metadata: new Map(Object.entries(c.metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v.map((x) => x.toLowerCase())])),
    ...(c.dialect ? { dialect: c.dialect } : {}),
  });
  const results: StatementLineage[] = session.extract(expandSql(c.sql));
  const x = c.expect;
  const edges = results.flatMap((r) => r.columnEdges);
  const byName = new Map(edges.filter(isUpstream).map((e) => [edgeName(e), e]));

  if (x.error) expect(results[0].error?.code).toBe(x.error);
  else expect(results.filter((r) => r.error).map((r) => r.error)).toEqual([]);
  if (x.statementTypes) expect(results.map((r) => r.statementType)).toEqual(x.statementTypes);
  if (x.inTables) expect(sorted(results.flatMap((r) => r.inTables).filter((t) => !results.some((r) => r.outTables.includes(t))))).toEqual(sorted(x.inTables));
  if (x.outTables) expect(sorted(results.flatMap((r) => r.outTables))).toEqual(sorted(x.outTables));
  if (x.edges) expect(sorted(byName.keys())).toEqual(sorted(x.edges));
  for (const [edge, subtype] of Object.entries(x.subtypes ?? {})) expect({ edge, subtype: byName.get(edge)?.transformationSubtype }).toEqual({ edge, subtype });
  for (const [edge, confidence] of Object.entries(x.confidence ?? {})) expect({ edge, confidence: byName.get(edge)?.confidence }).toEqual({ edge, confidence });
  if (x.reads) expect(sorted(results.flatMap((r) => r.reads ?? []).map((r) => `${r.dataset}.${r.field} ${r.use}`))).toEqual(sorted(x.reads));
  if (x.masking) expect(sorted(edges.filter((e) => e.masking).map(edgeName))).toEqual(sorted(x.masking));
  for (const e of edges) {
    expect(e.confidence).toBeGreaterThan(0);
    expect(e.confidence).toBeLessThanOrEqual(1);
    expect(e.description?.length).toBeGreaterThan(0);
  }

  if (x.composedEdges || x.composedInTables || x.composedOutTables) {
    const composed = session.finish();
    if (x.composedEdges) expect(sorted(composed.columnEdges.filter(isUpstream).map(edgeName))).toEqual(sorted(x.composedEdges));
    if (x.composedInTables) expect(sorted(composed.inTables)).toEqual(sorted(x.composedInTables));
    if (x.composedOutTables) expect(sorted(composed.outTables)).toEqual(sorted(x.composedOutTables));
  }
}
