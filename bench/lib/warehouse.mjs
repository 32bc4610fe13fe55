// Synthetic warehouse graphs for the API benchmarks (bench:api, bench:scale), written straight into the
// embedded DuckDB store with SQL: no population, no API, so ten million edges load in minutes. Every
// choice comes from hash() of the row number and a fixed seed, so a size and a shape always give the
// same graph. Tables are `layer<L>.t<n>` with columns c0..c9 in one namespace.
//
// - narrow: the graph bench:api has always used. 10 layers; a table is loaded from two tables of the
//   layer before (as an ETL job reads a couple of tables), each column from about five columns of
//   those two; 0.1 % back edges from the last layer into the first make cycles. 0.2 fields per edge.
//   A depth-5 upstream answer holds about 240 nodes.
// - wide: 6 layers; every column of layers 1-5 has 5 inputs, each from a column of any table of the
//   layer before, chosen with a bias towards a few hub tables (a table's chance falls with its number);
//   2 % of the edges are back edges, from a column of the last layer. 0.24 fields per edge. A depth-5
//   upstream answer from the last layer holds thousands of nodes.

export const NS = 'bench://warehouse:1025';
const PER_DATASET = 10;
const SEED = 20260;

/** A shape at a size: names, counts, the SQL that writes it, and the fields benchmarks start from. */
export function warehouseShape(name, edges) {
  if (name !== 'narrow' && name !== 'wide') throw new Error(`unknown shape ${name} (narrow or wide)`);
  const layers = name === 'narrow' ? 10 : 6;
  // narrow: 0.2 fields per edge; wide: every field of layers 1..5 has 5 inputs, so a layer holds edges / 25 fields.
  const perLayer = Math.max(1, Math.round(name === 'narrow' ? edges / 5 / PER_DATASET / layers : edges / 25 / PER_DATASET));
  const datasets = perLayer * layers;
  const fields = datasets * PER_DATASET;
  const layerFields = perLayer * PER_DATASET;
  const dsName = (ds) => `layer${Math.floor(ds / perLayer)}.t${ds}`;
  const fieldPath = (f) => ({ dataset: dsName(Math.floor(f / PER_DATASET)), field: `c${f % PER_DATASET}` });
  return {
    name,
    edges,
    fields,
    datasets,
    layers,
    fieldPath,
    /** `count` fields to start upstream walks from: the top half of the graph (narrow), the last layer (wide). */
    startFields(count) {
      const span = name === 'narrow' ? Math.floor(fields / 2) : layerFields;
      return Array.from({ length: count }, (_, k) => fields - 1 - ((k * 7919) % span));
    },
    statements: [
      `INSERT INTO OL_NAMESPACE VALUES ('${NS}', '${NS}', 'synthetic benchmark warehouse (${name})', '2-0-2', now())`,
      // (the interval columns of V0008 left empty: valid_from null is "not seen by a statement"; edges get theirs from historyStatements)
      `INSERT INTO OL_DATASET SELECT '${NS}/' || name, '${NS}', name, NULL, 'TABLE', now(), now(), 'Y', NULL, NULL, NULL, NULL
        FROM (SELECT 'layer' || (ds // ${perLayer}) || '.t' || ds AS name FROM range(${datasets}) r(ds))`,
      `INSERT INTO OL_DATASET_FIELD SELECT '${NS}/layer' || ((f // ${PER_DATASET}) // ${perLayer}) || '.t' || (f // ${PER_DATASET}) || '/c' || (f % ${PER_DATASET}),
        '${NS}/layer' || ((f // ${PER_DATASET}) // ${perLayer}) || '.t' || (f // ${PER_DATASET}), 'c' || (f % ${PER_DATASET}), 'VARCHAR(40)', NULL, (f % ${PER_DATASET}) + 1, 'Y', now(), NULL, NULL, NULL, NULL
        FROM range(${fields}) r(f)`,
      edgesSql(name, { edges, fields, perLayer, layerFields }),
    ],
  };
}

/** The INSERT of the edges: columns (src, tgt) as field numbers, named as in OL_DATASET_FIELD. */
function edgesSql(name, { edges, fields, perLayer, layerFields }) {
  const col = (f) => `'layer' || ((${f} // ${PER_DATASET}) // ${perLayer}) || '.t' || (${f} // ${PER_DATASET}), 'c' || (${f} % ${PER_DATASET})`;
  const pairs =
    name === 'narrow'
      ? // Targets in layers 1..9, sources from two tables of the layer before; every 1000th edge a back edge into layer 0.
        `SELECT i, tgt,
          CASE WHEN i % 1000 = 0 THEN ${fields - layerFields} + (hash(i * 31) % ${layerFields})
               ELSE (((tgt // ${PER_DATASET}) // ${perLayer} - 1) * ${perLayer} + (hash((tgt // ${PER_DATASET}) * 17 + (hash(i) % 2)) % ${perLayer})) * ${PER_DATASET} + (hash(i * 7 + 3) % ${PER_DATASET}) END AS src
        FROM (SELECT i, CASE WHEN i % 1000 = 0 THEN (hash(i) % ${layerFields}) ELSE ${layerFields} + (hash(i) % ${fields - layerFields}) END AS tgt FROM range(${edges}) r(i)) t`
      : // Edge i feeds field layerFields + i // 5 (layers 1..5, five inputs each). Its source: with 2 % chance a field of
        // the last layer (a back edge), else a column of a table of the layer before, the table drawn as perLayer * u^3
        // for u uniform in [0, 1), so low-numbered tables are hubs.
        `SELECT i, tgt,
          CASE WHEN hash(i * 5 + ${SEED}) % 50 = 0 THEN ${fields - layerFields} + (hash(i * 31 + ${SEED}) % ${layerFields})
               ELSE ((tgt // ${layerFields} - 1) * ${perLayer} + CAST(floor(${perLayer} * pow((hash(i * 7 + ${SEED}) % 1000003) / 1000003.0, 3)) AS BIGINT)) * ${PER_DATASET}
                    + (hash(i * 13 + ${SEED}) % ${PER_DATASET}) END AS src
        FROM (SELECT i, ${layerFields} + (i // 5) % ${fields - layerFields} AS tgt FROM range(${edges}) r(i)) t`;
  return `INSERT INTO OL_COLUMN_LINEAGE
    SELECT md5(i::VARCHAR), NULL, '${NS}', ${col('src')}, '${NS}', ${col('tgt')},
      CASE WHEN i % 7 = 0 THEN 'INDIRECT' ELSE 'DIRECT' END, CASE WHEN i % 7 = 0 THEN 'FILTER' WHEN i % 3 = 0 THEN 'TRANSFORMATION' ELSE 'IDENTITY' END,
      NULL, 'N', 1.00, now(), 'Y', NULL, NULL, NULL, NULL
    FROM (${pairs}) g`;
}

/**
 * The upstream walk as recursive SQL (how the original application and Marquez answer it): the nodes
 * within `depth` hops with their least depth, and every edge the index walk crosses (into a node
 * nearer than `depth`), with the columns an answer shows. Returns the rows' counts.
 */
export async function recursiveUpstream(connection, start, depth) {
  const reader = await connection.runAndReadAll(
    `WITH RECURSIVE up(ds, f, depth) AS (
       SELECT ?::VARCHAR, ?::VARCHAR, 0
       UNION
       SELECT l.source_dataset, l.source_field, up.depth + 1 FROM up JOIN OL_COLUMN_LINEAGE l ON l.target_dataset = up.ds AND l.target_field = up.f AND l.is_active = 'Y'
       WHERE up.depth < ?::INTEGER),
     nodes AS (SELECT ds, f, min(depth) AS depth FROM up GROUP BY ds, f)
     SELECT 'node' AS kind, ds AS source_dataset, f AS source_field, NULL AS target_dataset, NULL AS target_field, depth,
       NULL AS transformation_type, NULL AS transformation_subtype, NULL AS transformation_description, NULL AS confidence_score, NULL AS masking
     FROM nodes
     UNION ALL
     SELECT 'edge', l.source_dataset, l.source_field, l.target_dataset, l.target_field, NULL,
       l.transformation_type, l.transformation_subtype, l.transformation_description, l.confidence_score, l.masking
     FROM OL_COLUMN_LINEAGE l JOIN nodes t ON l.target_dataset = t.ds AND l.target_field = t.f AND t.depth < ?::INTEGER
     WHERE l.is_active = 'Y'`,
    [start.dataset, start.field, depth, depth],
  );
  const rows = reader.getRows();
  const nodes = rows.filter((r) => r[0] === 'node').length;
  return { nodes, edges: rows.length - nodes };
}

const WEEK_S = 7 * 86_400;

/**
 * A year of history for a shape already written (bench:api's as-of scenarios, ADR 0024): every edge true
 * from a year before `nowMs`; then 52 weekly releases (a run each, `bench_step_<k>`) each replace about
 * 0.2 % of the edges (10 % over the year, chosen by hash): the edge ends at its release, and a new edge
 * into the same column, from the next column of the same source table, starts there. The present graph
 * keeps the shape's edge count; the store holds 10 % more rows. Returns the statements and the year's
 * start and the releases' instants (ms).
 */
export function historyStatements(nowMs) {
  const startS = Math.floor(nowMs / 1000) - 52 * WEEK_S;
  const at = (expr) => `(TIMESTAMP '1970-01-01 00:00:00' + to_seconds(${expr}))`;
  const release = (step) => at(`${startS} + (${step}) * ${WEEK_S} + ${WEEK_S / 2}`);
  return {
    startMs: startS * 1000,
    releasesMs: Array.from({ length: 52 }, (_, k) => (startS + k * WEEK_S + WEEK_S / 2) * 1000),
    statements: [
      `UPDATE OL_COLUMN_LINEAGE SET valid_from = ${at(startS)}, opened_by = 'bench_load' WHERE run_id IS NULL`,
      `INSERT INTO OL_JOB VALUES ('bench_release', '${NS}', 'weekly release of the synthetic warehouse', 'replaces about 0.2 % of the column edges', 'BATCH', now(), now())`,
      `INSERT INTO OL_RUN SELECT 'bench_step_' || k, 'bench_release', 'COMPLETE', ${release('k')}, NULL, NULL, 'bench', NULL, now() FROM range(52) r(k)`,
      `INSERT INTO OL_COLUMN_LINEAGE (lineage_id, run_id, source_namespace, source_dataset, source_field, target_namespace, target_dataset, target_field, transformation_type, transformation_subtype,
         transformation_description, masking, confidence_score, discovered_at, is_active, valid_from, valid_to, opened_by, closed_by)
       SELECT md5('replaced:' || lineage_id), 'bench_step_' || step, source_namespace, source_dataset, 'c' || ((CAST(substr(source_field, 2) AS INTEGER) + 1) % ${PER_DATASET}),
         target_namespace, target_dataset, target_field, transformation_type, transformation_subtype, NULL, 'N', confidence_score, now(), 'Y', ${release('step')}, NULL, 'bench_step_' || step, NULL
       FROM (SELECT *, (hash(lineage_id) // 10) % 52 AS step FROM OL_COLUMN_LINEAGE WHERE run_id IS NULL AND hash(lineage_id) % 10 = 0)`,
      `UPDATE OL_COLUMN_LINEAGE SET is_active = 'N', valid_to = ${release('(hash(lineage_id) // 10) % 52')}, closed_by = 'bench_step_' || ((hash(lineage_id) // 10) % 52)
       WHERE run_id IS NULL AND hash(lineage_id) % 10 = 0`,
    ],
  };
}
