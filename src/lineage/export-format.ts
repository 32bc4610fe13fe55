/** The export formats, with their media types and file extensions (shared by the service, DTO, docs and tests). */
export const EXPORT_FORMATS = ['mermaid', 'dot', 'graphml', 'cypher', 'jsonld', 'svg'] as const;

export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFormatInfo {
  readonly contentType: string;
  readonly extension: string;
}

export const EXPORT_FORMAT_INFO: Readonly<Record<ExportFormat, ExportFormatInfo>> = {
  mermaid: { contentType: 'text/vnd.mermaid; charset=utf-8', extension: 'mmd' },
  dot: { contentType: 'text/vnd.graphviz; charset=utf-8', extension: 'dot' },
  graphml: { contentType: 'application/graphml+xml; charset=utf-8', extension: 'graphml' },
  cypher: { contentType: 'application/x-cypher-query; charset=utf-8', extension: 'cypher' },
  jsonld: { contentType: 'application/ld+json; charset=utf-8', extension: 'jsonld' },
  svg: { contentType: 'image/svg+xml; charset=utf-8', extension: 'svg' },
};
