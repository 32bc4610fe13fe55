import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The three OpenLineage JSON Schemas the ingestion route validates against,
 * stored in `./schemas/` beside this module. `tsc` does not copy JSON, so
 * when the compiled module runs from `dist/lineage/ingestion/`, the files
 * are read from `<project root>/src/lineage/ingestion/schemas/` instead
 * (the project root being the folder that holds `dist/`).
 */
export const OPENLINEAGE_SCHEMA_FILES = {
  openLineage: 'OpenLineage-2-0-2.json',
  columnLineage: 'ColumnLineageDatasetFacet-1-2-0.json',
  sqlJob: 'SQLJobFacet-1-1-0.json',
} as const;

export const RUN_EVENT_REF = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
export const JOB_EVENT_REF = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent';
export const DATASET_EVENT_REF = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent';
export const COLUMN_LINEAGE_REF = 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet';
export const SQL_JOB_REF = 'https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet';

export type OpenLineageSchemas = Record<keyof typeof OPENLINEAGE_SCHEMA_FILES, Record<string, unknown>>;

/** Folders where the schema files may be, in order: beside the module, then the source tree seen from dist/. */
export function schemaFolderCandidates(moduleUrl: string | URL): string[] {
  return [fileURLToPath(new URL('./schemas/', moduleUrl)), fileURLToPath(new URL('../../../src/lineage/ingestion/schemas/', moduleUrl))];
}

/** The first candidate folder holding all three files; throws naming every place it looked. */
export function resolveSchemaFolder(moduleUrl: string | URL = import.meta.url): string {
  const candidates = schemaFolderCandidates(moduleUrl);
  const found = candidates.find((dir) => Object.values(OPENLINEAGE_SCHEMA_FILES).every((file) => existsSync(`${dir}${file}`)));
  if (!found) throw new Error(`OpenLineage schema files not found; looked in ${candidates.join(' and ')}`);
  return found;
}

export function loadOpenLineageSchemas(moduleUrl: string | URL = import.meta.url): OpenLineageSchemas {
  const dir = resolveSchemaFolder(moduleUrl);
  const read = (file: string) => JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as Record<string, unknown>;
  return {
    openLineage: read(OPENLINEAGE_SCHEMA_FILES.openLineage),
    columnLineage: read(OPENLINEAGE_SCHEMA_FILES.columnLineage),
    sqlJob: read(OPENLINEAGE_SCHEMA_FILES.sqlJob),
  };
}
