import { Injectable } from '@nestjs/common';
import type { LineageGraph } from './lineage.types.js';
import { LineageService } from './lineage.service.js';
import { exportCypher } from './export/cypher.exporter.js';
import { exportDot } from './export/dot.exporter.js';
import { EXPORT_FORMAT_INFO, type ExportFormat } from './export-format.js';
import type { ExportQueryDto } from './export/export-query.dto.js';
import { exportGraphml } from './export/graphml.exporter.js';
import { exportJsonLd } from './export/jsonld.exporter.js';
import { exportMermaid } from './export/mermaid.exporter.js';
import { loadGraphviz, renderSvg } from './export/svg.exporter.js';

export interface ExportResult {
  readonly format: ExportFormat;
  readonly body: string;
  readonly contentType: string;
  /** `lineage.<ext>` */
  readonly filename: string;
  /** The instant the graph describes, when asked for one (asOf). */
  readonly asOf?: string;
}

/**
 * Maps an export format to its exporter, media type and file extension, and
 * exports the graph of a lineage query (LineageService.graphFor).
 */
@Injectable()
export class ExportService {
  constructor(private readonly lineage: LineageService) {}

  async exportLineage(query: ExportQueryDto): Promise<ExportResult> {
    return this.export(await this.lineage.graphFor(query), query.format);
  }

  async export(graph: LineageGraph, format: ExportFormat): Promise<ExportResult> {
    const info = EXPORT_FORMAT_INFO[format];
    return { format, body: await this.render(graph, format), contentType: info.contentType, filename: `lineage.${info.extension}`, ...(graph.asOf ? { asOf: graph.asOf } : {}) };
  }

  private async render(graph: LineageGraph, format: ExportFormat): Promise<string> {
    switch (format) {
      case 'mermaid':
        return exportMermaid(graph);
      case 'dot':
        return exportDot(graph);
      case 'graphml':
        return exportGraphml(graph);
      case 'cypher':
        return exportCypher(graph);
      case 'jsonld':
        return exportJsonLd(graph);
      case 'svg':
        return renderSvg(await loadGraphviz(), graph);
    }
  }
}
