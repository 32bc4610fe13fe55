import { Get, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { MarquezController } from './marquez-controller.decorator.js';
import { MarquezEventsQueryDto, MarquezSearchQueryDto } from './dto/marquez-query.dto.js';
import { MarquezErrorDto, MarquezLineageEventListDto, MarquezSearchResultListDto } from './dto/marquez-responses.dto.js';
import { MarquezSearchService } from './marquez-search.service.js';

/** Marquez's search over dataset and job names, and its list of received events. */
@MarquezController()
export class MarquezSearchController {
  constructor(private readonly search: MarquezSearchService) {}

  @Get('search')
  @ApiOperation({ summary: 'Datasets and jobs whose name matches q (Marquez search)' })
  @ApiOkResponse({ type: MarquezSearchResultListDto, description: 'The matching datasets and jobs' })
  @ApiNotFoundResponse({ type: MarquezErrorDto, description: 'No such namespace: code LINEAGE_NODE_NOT_FOUND' })
  find(@Query() query: MarquezSearchQueryDto) {
    return this.search.search({
      q: query.q,
      filter: query.filter,
      sort: query.sort === 'UPDATE_AT' ? 'updated_at' : 'name',
      limit: query.limit ?? 10,
      namespace: query.namespace,
      before: query.before ? new Date(`${query.before}T00:00:00Z`) : undefined,
      after: query.after ? new Date(`${query.after}T00:00:00Z`) : undefined,
    });
  }

  @Get('events/lineage')
  @ApiOperation({ summary: 'The OpenLineage RunEvents received, as posted, newest first by default (Marquez getLineageEvents)' })
  @ApiOkResponse({ type: MarquezLineageEventListDto, description: 'One page of the events received' })
  events(@Query() query: MarquezEventsQueryDto) {
    return this.search.events({
      sortDirection: query.sortDirection ?? 'desc',
      after: query.after ? new Date(query.after) : null,
      before: query.before ? new Date(query.before) : null,
      limit: query.limit ?? 100,
      offset: query.offset ?? 0,
    });
  }
}
