import type { INestApplicationContext } from '@nestjs/common';
import { datasetId, fieldId, lineageId, namespaceId } from '../../src/model/ids.js';
import type { TransformationType } from '../../src/model/transformation.js';
import { LineageIndexService } from '../../src/lineage/lineage-index.service.js';
import { OlStoreWriter } from '../../src/ol-store/ol-store.writer.js';

export const TEST_NAMESPACE = 'teradata://td-test:1025';

export interface EdgeSpec {
  /** `db.table.field` */
  readonly from: string;
  readonly to: string;
  readonly type?: TransformationType;
  readonly subtype?: string;
}

function split(path: string): [string, string] {
  const i = path.lastIndexOf('.');
  return [path.slice(0, i), path.slice(i + 1)];
}

/**
 * Writes a lineage graph through the real OL_* writer of a running app
 * (namespace, datasets, fields, edges), bumps the graph generation with
 * the edges in the change log and waits for the lineage index to apply it.
 */
export async function seedLineage(app: INestApplicationContext, edges: readonly EdgeSpec[], options: { namespace?: string; extraFields?: string[] } = {}): Promise<void> {
  const ns = options.namespace ?? TEST_NAMESPACE;
  const nsId = namespaceId(ns);
  const writer = app.get(OlStoreWriter);
  const fields = new Set<string>(options.extraFields ?? []);
  for (const e of edges) {
    fields.add(e.from);
    fields.add(e.to);
  }
  const datasets = new Map<string, string[]>();
  for (const f of fields) {
    const [ds, name] = split(f);
    datasets.set(ds, [...(datasets.get(ds) ?? []), name]);
  }
  await writer.upsertNamespaces([{ namespaceId: nsId, namespaceUri: ns, description: 'test warehouse' }]);
  await writer.upsertDatasets([...datasets.keys()].map((name) => ({ datasetId: datasetId(nsId, name), namespaceId: nsId, name, description: null, sourceType: 'TABLE' })));
  await writer.upsertFields(
    [...datasets].flatMap(([ds, names]) =>
      names.map((n, i) => ({ fieldId: fieldId(datasetId(nsId, ds), n), datasetId: datasetId(nsId, ds), fieldName: n, fieldType: 'VARCHAR(10)', description: null, ordinalPosition: i + 1, nullable: true })),
    ),
  );
  const written = await writer.upsertEdges(
    edges.map((e) => {
      const [sd, sf] = split(e.from);
      const [td, tf] = split(e.to);
      const type = e.type ?? 'DIRECT';
      const subtype = e.subtype ?? (type === 'DIRECT' ? 'IDENTITY' : 'FILTER');
      return {
        lineageId: lineageId({ sourceNamespace: ns, sourceDataset: sd, sourceField: sf, targetNamespace: ns, targetDataset: td, targetField: tf, transformationType: type, transformationSubtype: subtype }),
        runId: null,
        sourceNamespace: ns,
        sourceDataset: sd,
        sourceField: sf,
        targetNamespace: ns,
        targetDataset: td,
        targetField: tf,
        transformationType: type,
        transformationSubtype: subtype,
        description: `${sf} to ${tf}`,
        masking: false,
        confidence: 1,
      };
    }),
  );
  const generation = await writer.bumpGeneration(undefined, { edges: written.changed, runs: [] });
  await app.get(LineageIndexService).catchUp(generation);
}
