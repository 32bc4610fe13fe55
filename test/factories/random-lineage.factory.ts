import type { ColumnEdge } from '../../src/model/column-edge.js';

/** Names a serialiser must escape: quotes, backslashes, control characters, non-ASCII, a lone surrogate, HTML. */
export const AWKWARD_NAMES = ['plain', 'with "quotes"', 'back\\slash', 'tab\there', 'line\nbreak', 'ünïcødé', 'emoji 😀', 'lone \ud800', '<img src=x onerror=alert(1)>'];

/**
 * `m` random column edges between `n` random fields (seeded by `r`): two
 * namespaces, awkward names, some `*` fields (row-level edges, so upstream
 * walks add their row-level links), subtypes inside and outside the
 * vocabulary, descriptions, confidences and masking or none.
 */
export function randomColumnEdges(r: () => number, n: number, m: number): ColumnEdge[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const name = (i: number) => ({
    ns: i % 5 === 0 ? 'teradata://other:1025' : 'teradata://td:1025',
    ds: `db.${i % 3 === 0 ? pick(AWKWARD_NAMES) : 't'}${i % 9}`,
    f: i % 4 === 0 ? `${pick(AWKWARD_NAMES)}${i}` : i % 5 === 1 ? '*' : `c${i}`,
  });
  return Array.from({ length: m }, () => {
    const s = name(Math.floor(r() * n));
    const t = name(Math.floor(r() * n));
    return {
      sourceNamespace: s.ns,
      sourceDataset: s.ds,
      sourceField: s.f,
      targetNamespace: t.ns,
      targetDataset: t.ds,
      targetField: t.f,
      transformationType: r() < 0.3 ? 'INDIRECT' : 'DIRECT',
      transformationSubtype: pick(['IDENTITY', 'TRANSFORMATION', 'AGGREGATION', 'FILTER', 'JOIN', null, 'SOMETHING_NEW']),
      description: r() < 0.5 ? null : pick(AWKWARD_NAMES),
      masking: r() < 0.1,
      confidence: r() < 0.2 ? null : Math.round(r() * 1000) / 1000,
    };
  });
}
