import type { TransformationSubtype, TransformationType } from '../../model/transformation.js';
import type { ExtractedEdge } from './extraction.types.js';
import { type Kind, RANK, type Up } from './upstream.js';

/**
 * Upstreams → OpenLineage column edges: one edge per (source column, target
 * column) with its transformation type, subtype, description and confidence,
 * plus the dataset-wide INDIRECT edges of the columns that decide which rows
 * reach a target.
 */

/** Why a column decides which rows reach the targets (WHERE, JOIN, GROUP BY, ORDER BY …). */
export type IndirectSubtype = Extract<TransformationSubtype, 'FILTER' | 'JOIN' | 'GROUP_BY' | 'SORT'>;

const KIND_TO_OL: Record<Kind, [TransformationType, TransformationSubtype, string]> = {
  identity: ['DIRECT', 'IDENTITY', 'copied unchanged'],
  transform: ['DIRECT', 'TRANSFORMATION', 'computed from the source'],
  agg: ['DIRECT', 'AGGREGATION', 'aggregated from the source'],
  window: ['INDIRECT', 'WINDOW', 'window partition or order key'],
  cond: ['INDIRECT', 'CONDITIONAL', 'decides the value in a condition'],
};

const INDIRECT_DESCRIPTION: Record<IndirectSubtype, string> = {
  FILTER: 'filters the rows (WHERE, HAVING or QUALIFY)',
  JOIN: 'joins the rows',
  GROUP_BY: 'groups the rows',
  SORT: 'orders the rows',
};

/**
 * Row-deciding columns → one INDIRECT edge per (source column, target dataset) with
 * `target.field = '*'`: they affect every column of the target, as the dataset-wide part of
 * the OpenLineage column-lineage facet says. Per-column copies would grow as columns × filters.
 */
export function indirectEdges(edges: readonly ExtractedEdge[], indirect: Iterable<{ readonly subtype: IndirectSubtype; readonly up: Up }>): ExtractedEdge[] {
  const targets = new Set<string | null>();
  for (const e of edges) targets.add(e.target.dataset);
  const seen = new Set<string>();
  const out: ExtractedEdge[] = [];
  for (const { subtype, up } of indirect) {
    for (const dataset of targets) {
      const k = `${up.dataset}\u0000${up.field}\u0001${dataset ?? ''}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({
        source: { dataset: up.dataset, field: up.field },
        target: { dataset, field: '*' },
        transformationType: 'INDIRECT',
        transformationSubtype: subtype,
        description: INDIRECT_DESCRIPTION[subtype],
        masking: false,
        confidence: confidenceOf(up),
      });
    }
  }
  return out;
}

/**
 * 1.0: the column was found among its source's known columns (dictionary, session, derived table).
 * 0.8: the source is certain (qualified, or the only table) but its columns are unknown.
 * 0.5: unqualified, several tables, none known to have it — attributed to one of them.
 */
function confidenceOf(u: Up): number {
  return u.weak ? 0.5 : u.guessed ? 0.8 : 1;
}

/** One edge per (source column, target column): the most direct way it is read wins. */
export function edgesFor(target: string | null, field: string, ups: readonly Up[]): ExtractedEdge[] {
  const best = new Map<string, Up & { confidence: number }>();
  for (const u of ups) {
    if (u.field === '*' && field !== '*') continue;
    const k = `${u.dataset}\u0000${u.field}`;
    const prev = best.get(k);
    if (!prev) best.set(k, { ...u, confidence: confidenceOf(u) });
    else {
      const keep = RANK[u.kind] < RANK[prev.kind] ? u : prev;
      best.set(k, { ...keep, masking: prev.masking || u.masking, confidence: Math.max(prev.confidence, confidenceOf(u)) });
    }
  }
  const direct = [...best.values()].some((u) => u.kind !== 'cond' && u.kind !== 'window');
  return [...best.values()].map((u) => {
    let [type, subtype, description] = KIND_TO_OL[u.kind];
    // A lone column copied through a CASE/COALESCE is a transformation, not identity.
    if (u.kind === 'identity' && best.size > 1 && direct) [type, subtype, description] = KIND_TO_OL.identity;
    return {
      source: { dataset: u.dataset, field: u.field },
      target: { dataset: target, field },
      transformationType: type,
      transformationSubtype: subtype,
      description: u.masking ? `${description}; masked` : description,
      masking: u.masking,
      confidence: u.confidence,
    };
  });
}
