import { Injectable } from '@nestjs/common';
import { datasetId, fieldId } from '../model/ids.js';
import type { DatasetRow, FieldRow } from '../ol-store/ol-store.types.js';
import { type DictionaryColumn, DictionaryRepository } from '../schema/dictionary.repository.js';
import type { DictionaryIndex, TableFacts } from './lineage-batch.builder.js';
import type { ExtractionMetadata } from './lineage-extractor.js';

/** DI token: where the dictionary comes from (the Schema module's DictionaryRepository in the app). */
export abstract class PopulationMetadataSource {
  abstract columns(): Promise<readonly DictionaryColumn[]>;
}

export interface PopulationMetadata {
  readonly index: DictionaryIndex;
  readonly extraction: ExtractionMetadata;
}

/** Pure: indexes dictionary columns by lower-case `database.table`. */
export function indexMetadata(columns: readonly DictionaryColumn[]): PopulationMetadata {
  const tables = new Map<string, { kind: 'TABLE' | 'VIEW'; columns: Map<string, { type: string | null; ordinal: number; nullable: boolean | null }> }>();
  for (const c of columns) {
    const name = `${c.database}.${c.table}`.trim().toLowerCase();
    let table = tables.get(name);
    if (!table) {
      table = { kind: c.kind, columns: new Map() };
      tables.set(name, table);
    }
    table.columns.set(c.column.trim().toLowerCase(), { type: c.type, ordinal: c.ordinal, nullable: c.nullable });
  }
  const extraction = new Map<string, { kind: 'TABLE' | 'VIEW'; columns: string[] }>();
  for (const [name, table] of tables) {
    const ordered = [...table.columns].sort((a, b) => a[1].ordinal - b[1].ordinal).map(([col]) => col);
    extraction.set(name, { kind: table.kind, columns: ordered });
  }
  return { index: tables as DictionaryIndex, extraction: { tables: extraction } };
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

/** The dictionary through the Schema module's DictionaryRepository (QVCI-aware). */
@Injectable()
export class DictionaryMetadataSource extends PopulationMetadataSource {
  constructor(private readonly dictionary: DictionaryRepository) {
    super();
  }

  columns(): Promise<readonly DictionaryColumn[]> {
    return this.dictionary.columns();
  }
}
