import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { MarquezEventsQueryDto, MarquezSearchQueryDto } from './dto/marquez-query.dto.js';
import { MarquezErrorDto, MARQUEZ_RATE_LIMITED, MarquezLineageEventListDto, MarquezSearchResultListDto } from './dto/marquez-responses.dto.js';
import { MARQUEZ_ROUTE } from './marquez-metadata.controller.js';
import { MarquezSearchService } from './marquez-search.service.js';

/** Marquez's search over dataset and job names, and its list of received events. */
@ApiTags('marquez')
@ApiSecurity('api-key')
@ApiBearerAuth('bearer')
@ApiBadRequestResponse({ type: MarquezErrorDto, description: 'Invalid or unknown parameter: code VALIDATION_FAILED, the message names it and the allowed values' })
@ApiUnauthorizedResponse({ type: MarquezErrorDto, description: 'API key missing or wrong (when API_KEYS is set): code LINEAGE_API_KEY_REQUIRED' })
@ApiTooManyRequestsResponse(MARQUEZ_RATE_LIMITED)
@Controller(MARQUEZ_ROUTE)
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
