import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { stableId } from '../model/ids.js';
import { TRANSFORMATION_SUBTYPES, TRANSFORMATION_TYPES, type TransformationSubtype, type TransformationType } from '../model/transformation.js';
import type { ExtractedEdge } from './extraction/extraction.types.js';
import { buildLineageBatch, type ExtractedStatement } from './lineage-batch.builder.js';
import { PopulationFixturesMissingError } from './population.errors.js';
import type { RunContext } from './population.context.js';
import { emptyCounts } from './population.types.js';

/** The fixture mappings shipped with the demo warehouse (project root, from src/ or dist/). */
export const FIXTURES_PATH = join(import.meta.dirname, '..', '..', 'database', 'fixtures', 'demo-mappings.json');
export const FIXTURES_PRODUCER = 'urn:lineage:population:fixtures';

interface FixtureEnd {
  readonly dataset: string;
  readonly field: string;
}

export interface FixtureMapping {
  readonly source: FixtureEnd;
  readonly target: FixtureEnd;
  readonly transformationType: TransformationType;
  readonly transformationSubtype: TransformationSubtype;
  readonly description: string | null;
  readonly masking: boolean;
}

/**
 * Accepts `{ mappings: [...] }` or `[...]`; each end as `{ dataset, field }`, `{ database, table, column }` or `"db.table.column"`;
 * transformation type and subtype in any case, from the model's vocabulary (default DIRECT/IDENTITY).
 */
export function parseFixtures(text: string): FixtureMapping[] {
  const data = JSON.parse(text) as unknown;
  const list = Array.isArray(data) ? data : ((data as { mappings?: unknown[] }).mappings ?? []);
  return list.map((raw, i) => {
    const m = raw as Record<string, unknown>;
    const source = end(m.source ?? { dataset: m.sourceDataset ?? m.source_dataset, field: m.sourceField ?? m.source_field }, `mapping ${i + 1} source`);
    const target = end(m.target ?? { dataset: m.targetDataset ?? m.target_dataset, field: m.targetField ?? m.target_field }, `mapping ${i + 1} target`);
    return {
      source,
      target,
      transformationType: word(m.transformationType ?? m.transformation_type ?? 'DIRECT', TRANSFORMATION_TYPES, `mapping ${i + 1} transformationType`),
      transformationSubtype: word(m.transformationSubtype ?? m.transformation_subtype ?? 'IDENTITY', TRANSFORMATION_SUBTYPES, `mapping ${i + 1} transformationSubtype`),
      description: typeof (m.description ?? m.transformationDescription) === 'string' ? String(m.description ?? m.transformationDescription) : null,
      masking: m.masking === true || m.masking === 'Y',
    };
  });
}

function word<T extends string>(value: unknown, vocabulary: readonly T[], where: string): T {
  const upper = String(value).toUpperCase();
  const found = vocabulary.find((w) => w === upper);
  if (found === undefined) throw new Error(`${where}: expected one of ${vocabulary.join(', ')}, got "${upper}"`);
  return found;
}

function end(value: unknown, where: string): FixtureEnd {
  if (typeof value === 'string') {
    const parts = value.split('.');
    if (parts.length < 3) throw new Error(`${where}: expected "database.table.column", got "${value}"`);
    return { dataset: parts.slice(0, -1).join('.'), field: parts[parts.length - 1] };
  }
  const v = value as Record<string, unknown> | null;
  if (v && typeof v.dataset === 'string' && typeof v.field === 'string') return { dataset: v.dataset, field: v.field };
  if (v && typeof v.database === 'string' && typeof v.table === 'string' && typeof v.column === 'string') {
    return { dataset: `${v.database}.${v.table}`, field: v.column };
  }
  throw new Error(`${where}: expected { dataset, field } or "database.table.column"`);
}

/**
 * Fixtures population: the known demo mappings, written as the same kind of
 * OL_* rows as DBQL population (job 'fixtures', one run per version of the
 * file), in one transaction; idempotent.
 */
@Injectable()
export class FixturesPopulation {
  async execute(ctx: RunContext, path = FIXTURES_PATH): Promise<void> {
    let text: string;
    let mappings: FixtureMapping[];
    try {
      text = await readFile(path, 'utf8');
      mappings = parseFixtures(text);
    } catch (err) {
      throw new PopulationFixturesMissingError(path, (err as Error).message);
    }
    const version = createHash('sha256').update(text).digest('hex').slice(0, 32);
    const edges: ExtractedEdge[] = mappings.map((m) => ({
      source: m.source,
      target: m.target,
      transformationType: m.transformationType,
      transformationSubtype: m.transformationSubtype,
      description: m.description,
      masking: m.masking,
      confidence: 1,
    }));
    const statement: ExtractedStatement = {
      queryId: version,
      startTime: new Date(0),
      sql: `-- fixture mappings ${path}`,
      fingerprint: 'fixtures',
      head: 'fixtures',
      kind: 'write',
      defaultDatabase: null,
      outcome: {
        statementType: 'FIXTURES',
        inTables: [...new Set(mappings.map((m) => m.source.dataset))],
        outTables: [...new Set(mappings.map((m) => m.target.dataset))],
        columnEdges: edges,
        warnings: [],
      },
    };
    const built = buildLineageBatch([statement], { namespaceId: ctx.namespaceId, dictionary: new Map() });
    const jobId = stableId('job', ctx.namespaceId, 'fixtures');
    const runId = stableId('fixtures', ctx.namespaceId, version);
    const now = new Date();
    const batch = {
      ...built,
      namespaces: [{ namespaceId: ctx.namespaceId, namespaceUri: ctx.namespaceUri, description: 'Teradata warehouse (lineage mined from DBQL)' }],
      jobs: [{ jobId, namespaceId: ctx.namespaceId, name: 'fixtures', description: `Known column mappings of the demo warehouse (${path})`, jobType: 'FIXTURES' }],
      runs: [{ runId, jobId, eventType: 'COMPLETE' as const, eventTime: now, producer: FIXTURES_PRODUCER, schemaUrl: null }],
      runInputs: built.runInputs.map((r) => ({ ...r, runId })),
      runOutputs: built.runOutputs.map((r) => ({ ...r, runId })),
      edges: built.edges.map((e) => ({ ...e, runId })),
      replacedTargets: [],
    };
    const statements = { ...emptyCounts(), statementsRead: mappings.length, statementsParsed: mappings.length };
    await ctx.committer.commit({ batch, statements, skips: new Map(), failures: [], failureCodes: new Map(), position: null, distinct: 0 });
  }
}
