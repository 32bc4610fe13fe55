import { Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { MarquezController } from './marquez-controller.decorator.js';
import { MarquezColumnLineageQueryDto, MarquezLineageQueryDto } from './dto/marquez-query.dto.js';
import { MarquezErrorDto, MarquezLineageGraphDto } from './dto/marquez-responses.dto.js';
import { MarquezLineageService } from './marquez-lineage.service.js';

/** Marquez's lineage graphs, walked in the same in-memory index as /api/v2/openlineage. POST /api/v1/lineage (ingestion) lives beside it. */
@MarquezController()
@ApiNotFoundResponse({ type: MarquezErrorDto, description: 'No such dataset, field or job: code LINEAGE_NODE_NOT_FOUND' })
@ApiServiceUnavailableResponse({ type: MarquezErrorDto, description: 'The lineage index is still being built after start-up: code LINEAGE_INDEX_NOT_READY (Retry-After)' })
export class MarquezLineageController {
  constructor(private readonly lineage: MarquezLineageService) {}

  @Get('lineage')
  @ApiOperation({ summary: 'Table lineage of a dataset or job: DATASET nodes joined through the JOB nodes that read and wrote them (Marquez getLineage)' })
  @ApiOkResponse({ type: MarquezLineageGraphDto, description: 'The lineage graph: DATASET and JOB nodes with their edges' })
  async graph(@Query() query: MarquezLineageQueryDto, @Res({ passthrough: true }) res: Response) {
    const graph = await this.lineage.lineage(query.nodeId, query.depth, query.asOf);
    if (graph.asOf) res.setHeader('Lineage-As-Of', graph.asOf);
    return graph;
  }

  @Get('column-lineage')
  @ApiOperation({ summary: 'Column lineage of a field, or of every field of a dataset: DATASET_FIELD nodes (Marquez getColumnLineage)' })
  @ApiOkResponse({ type: MarquezLineageGraphDto, description: 'The column lineage graph: DATASET_FIELD nodes with their edges' })
  async columnLineage(@Query() query: MarquezColumnLineageQueryDto, @Res() res: Response): Promise<void> {
    // written as JSON text by the service (the graph runs to hundreds of kilobytes)
    const answer = await this.lineage.columnLineage(query.nodeId, query.depth, query.withDownstream ?? false, query.asOf);
    if (answer.asOf) res.setHeader('Lineage-As-Of', answer.asOf);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', answer.json.length);
    // the buffer, written on a render thread, goes back to it for reuse once sent
    if (answer.release) res.on('finish', answer.release);
    res.end(answer.json);
  }
}
