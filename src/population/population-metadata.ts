import { Injectable } from '@nestjs/common';
import { datasetId, fieldId } from '../model/ids.js';
import type { DatasetRow, FieldRow, LineageBatch } from '../ol-store/ol-store.types.js';
import { type DictionaryColumn, DictionaryRepository, type ViewDefinition } from '../schema/dictionary.repository.js';
import type { DictionaryIndex, TableFacts } from './lineage-batch.builder.js';
import type { ExtractionMetadata } from './lineage-extractor.js';

/** DI token: where the dictionary comes from (the Schema module's DictionaryRepository in the app). */
export abstract class PopulationMetadataSource {
  abstract columns(): Promise<readonly DictionaryColumn[]>;
  /** The columns of the tables and views altered at or after `since` (all when null), and the newest alteration among them. */
  abstract columnsAlteredSince(since: Date | null): Promise<{ columns: readonly DictionaryColumn[]; newest: Date | null }>;
  /** View definitions altered at or after `since` (all when null), oldest alteration first, page by page. */
  abstract viewDefinitions(since: Date | null, pageSize: number): AsyncIterable<readonly ViewDefinition[]>;
  /** The whole text of a view whose definition the dictionary holds cut or null (SHOW VIEW); null when there is none. */
  abstract viewText(database: string, view: string): Promise<string | null>;
}

export interface PopulationMetadata {
  readonly index: DictionaryIndex;
  readonly extraction: ExtractionMetadata;
}

/** Pure: indexes dictionary columns by lower-case `database.table`. */
export function indexMetadata(columns: readonly DictionaryColumn[]): PopulationMetadata {
  const tables = new Map<string, TableFacts>();
  for (const c of columns) {
    const name = `${c.database}.${c.table}`.trim().toLowerCase();
    let table = tables.get(name);
    if (!table) {
      table = { kind: c.kind, columns: new Map() };
      tables.set(name, table);
    }
    (table.columns as Map<string, { type: string | null; ordinal: number; nullable: boolean | null }>).set(c.column.trim().toLowerCase(), { type: c.type, ordinal: c.ordinal, nullable: c.nullable });
  }
  return metadataOf(tables);
}

/** Pure: what extraction needs of an index (each table's columns in ordinal order) beside the index itself. */
export function metadataOf(index: DictionaryIndex): PopulationMetadata {
  const extraction = new Map<string, { kind: 'TABLE' | 'VIEW'; columns: string[] }>();
  for (const [name, table] of index) {
    const ordered = [...table.columns].sort((a, b) => a[1].ordinal - b[1].ordinal).map(([col]) => col);
    extraction.set(name, { kind: table.kind, columns: ordered });
  }
  return { index, extraction: { tables: extraction } };
}

/** Pure: the OL_DATASET / OL_DATASET_FIELD rows of the whole dictionary. */
export function dictionaryRows(index: DictionaryIndex, namespaceId: string): { datasets: DatasetRow[]; fields: FieldRow[] } {
  const datasets: DatasetRow[] = [];
  const fields: FieldRow[] = [];
  for (const [name, table] of index as ReadonlyMap<string, TableFacts>) {
    const dsId = datasetId(namespaceId, name);
    datasets.push({ datasetId: dsId, namespaceId, name, description: null, sourceType: table.kind });
    for (const [column, facts] of table.columns) {
      fields.push({
        fieldId: fieldId(dsId, column),
        datasetId: dsId,
        fieldName: column,
        fieldType: facts.type,
        description: null,
        ordinalPosition: facts.ordinal,
        nullable: facts.nullable,
      });
    }
  }
  return { datasets, fields };
}

/** The whole dictionary as one batch of rows (no lineage): the namespace, every table and view with its fields. */
export function dictionaryBatch(index: DictionaryIndex, namespace: { namespaceId: string; namespaceUri: string }): LineageBatch {
  const { datasets, fields } = dictionaryRows(index, namespace.namespaceId);
  return {
    namespaces: [{ namespaceId: namespace.namespaceId, namespaceUri: namespace.namespaceUri, description: 'Teradata warehouse (lineage mined from DBQL)' }],
    datasets,
    fields,
    jobs: [],
    runs: [],
    runInputs: [],
    runOutputs: [],
    edges: [],
    replacedTargets: [],
  };
}

/** The dictionary through the Schema module's DictionaryRepository (QVCI-aware). */
@Injectable()
export class DictionaryMetadataSource extends PopulationMetadataSource {
  constructor(private readonly dictionary: DictionaryRepository) {
    super();
  }

  columns(): Promise<readonly DictionaryColumn[]> {
    return this.dictionary.columns();
  }

  columnsAlteredSince(since: Date | null): Promise<{ columns: readonly DictionaryColumn[]; newest: Date | null }> {
    return this.dictionary.columnsAlteredSince(since);
  }

  viewDefinitions(since: Date | null, pageSize: number): AsyncIterable<readonly ViewDefinition[]> {
    return this.dictionary.viewDefinitions(since, pageSize);
  }

  viewText(database: string, view: string): Promise<string | null> {
    return this.dictionary.viewText(database, view);
  }
}
