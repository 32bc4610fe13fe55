/**
 * The OpenLineage transformation vocabulary of a column edge
 * (ColumnLineageDatasetFacet 1-2-0): a type and a subtype. Every module
 * names transformations with these lists; nothing declares its own.
 */

export const TRANSFORMATION_TYPES = ['DIRECT', 'INDIRECT'] as const;

export type TransformationType = (typeof TRANSFORMATION_TYPES)[number];

/**
 * DIRECT: IDENTITY, TRANSFORMATION, AGGREGATION. INDIRECT: JOIN, FILTER,
 * GROUP_BY, SORT, WINDOW, CONDITIONAL, and ROW_LEVEL: this service's own,
 * the link an upstream walk adds from a dataset's `*` field (what decides its
 * rows) to each of its columns; never mined.
 *
 * The lineage index stores an edge's subtype as its position in this list
 * (one byte): add new subtypes at the end.
 */
export const TRANSFORMATION_SUBTYPES = ['IDENTITY', 'TRANSFORMATION', 'AGGREGATION', 'JOIN', 'FILTER', 'GROUP_BY', 'SORT', 'WINDOW', 'CONDITIONAL', 'ROW_LEVEL'] as const;

export type TransformationSubtype = (typeof TRANSFORMATION_SUBTYPES)[number];
