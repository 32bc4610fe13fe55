import { existsSync, readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { createAjv, errorsOf, type Json, toJsonSchema } from '../../support/openapi-contract.js';

/**
 * Marquez's own OpenAPI document (MarquezProject/marquez spec/openapi.yml,
 * Apache-2.0), read in place: /work/shared/marquez-api/openapi.yml, or the
 * file MARQUEZ_OPENAPI names. Every answer of the /api/v1 read routes is
 * checked against the response schema its operation declares.
 *
 * The document is OpenAPI 3.0, so its schemas are made JSON Schema first
 * (test/support/openapi-contract.ts: `example`, `deprecated` and
 * `discriminator` are annotations, a `type:` left empty — SearchResult.name,
 * .updatedAt — constrains nothing).
 * Two places need reading rather than copying, both named here:
 * - GraphNode.data is `oneOf: [Dataset, Job]` with a discriminator on the
 *   node's `type`. Neither schema requires anything, so every object matches
 *   both and a plain oneOf fails everything; the data is checked against the
 *   schema its node's type names (DATASET → Dataset, JOB → Job), as the
 *   discriminator's mapping says.
 * - NodeType lists JOB and DATASET only, while Marquez's column lineage
 *   answers DATASET_FIELD nodes whose data is its ColumnLineageNodeData
 *   (marquez/db/models/ColumnLineageNodeData.java: namespace, dataset, field,
 *   fieldType, inputFields). Column-lineage answers are checked with that
 *   one amendment (COLUMN_NODE_DATA); table lineage keeps the enum as written.
 * - Run is `anyOf: [IncompleteRun, {…}]` and the second branch requires
 *   nothing, so any object is a Run; runs are checked against IncompleteRun
 *   too (Marquez's Run model extends it).
 */
export const MARQUEZ_OPENAPI = process.env.MARQUEZ_OPENAPI ?? '/work/shared/marquez-api/openapi.yml';

/** Marquez's ColumnLineageNodeData (see above): the one schema the document lacks. */
const COLUMN_NODE_DATA = {
  type: 'object',
  required: ['namespace', 'dataset', 'field', 'inputFields'],
  properties: {
    namespace: { type: 'string' },
    dataset: { type: 'string' },
    field: { type: 'string' },
    fieldType: { type: 'string' },
    transformationDescription: { type: 'string' },
    transformationType: { type: 'string' },
    inputFields: {
      type: 'array',
      items: { type: 'object', required: ['namespace', 'dataset', 'field'], properties: { namespace: { type: 'string' }, dataset: { type: 'string' }, field: { type: 'string' } } },
    },
  },
};

export interface Contract {
  /** Errors of `body` against the 200 answer of GET `path` (a path of the document, e.g. `/namespaces/{namespace}`); [] when valid. */
  check(path: string, body: unknown): string[];
}

export function loadContract(): Contract {
  if (!existsSync(MARQUEZ_OPENAPI)) throw new Error(`Marquez's OpenAPI document is not at ${MARQUEZ_OPENAPI}: set MARQUEZ_OPENAPI to its path`);
  const doc = parse(readFileSync(MARQUEZ_OPENAPI, 'utf8')) as { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, Json> } };
  const schemas = toJsonSchema(doc.components.schemas) as Record<string, any>;
  // The node's data is checked apart, by its type (see above).
  schemas.GraphNode.properties.data = { type: 'object' };
  const ajv = createAjv();
  ajv.addFormat('URL', true);
  ajv.addSchema({ $id: 'marquez', components: { schemas } });
  const column = structuredClone(schemas);
  column.NodeType.enum = [...column.NodeType.enum, 'DATASET_FIELD'];
  column.ColumnLineageNodeData = COLUMN_NODE_DATA;
  ajv.addSchema({ $id: 'marquez-column', components: { schemas: column } });
  const schema = (doc: string, name: string): ValidateFunction => {
    const fn = ajv.getSchema(`${doc}#/components/schemas/${name}`);
    if (!fn) throw new Error(`no schema ${name}`);
    return fn;
  };
  const DATA: Record<string, string> = { DATASET: 'Dataset', JOB: 'Job', DATASET_FIELD: 'ColumnLineageNodeData' };

  return {
    check(path: string, body: unknown): string[] {
      const op = doc.paths[path]?.get;
      if (!op) return [`the document has no GET ${path}`];
      const ref: string | undefined = op.responses?.['200']?.content?.['application/json']?.schema?.$ref ?? op.responses?.[200]?.content?.['application/json']?.schema?.$ref;
      if (!ref) return [`GET ${path} declares no JSON answer`];
      const name = ref.split('/').pop() as string;
      const which = path === '/column-lineage' ? 'marquez-column' : 'marquez';
      const found = errorsOf(schema(which, name), body, '');
      // Run is `anyOf: [IncompleteRun, {…}]` whose second branch requires nothing, so any object passes; a Marquez run
      // (its model extends IncompleteRun) satisfies the first branch, and ours must too.
      if (name === 'Run') found.push(...errorsOf(schema(which, 'IncompleteRun'), body, ''));
      if (name === 'RunList') for (const [i, run] of ((body as { runs?: unknown[] }).runs ?? []).entries()) found.push(...errorsOf(schema(which, 'IncompleteRun'), run, `/runs/${i}`));
      if (name === 'LineageGraph' && found.length === 0) {
        for (const [i, node] of ((body as { graph: { type: string; data: unknown }[] }).graph ?? []).entries()) {
          found.push(...errorsOf(schema(which, DATA[node.type]), node.data, `/graph/${i}/data`));
        }
      }
      return found;
    },
  };
}
