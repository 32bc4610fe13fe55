import { Injectable } from '@nestjs/common';
import { namespaceId } from '../model/ids.js';
import { type SearchResultShape, datasetSearchResult, jobSearchResult, storedEventShape } from './marquez-shapes.js';
import { groupBy, MarquezMetadataService } from './marquez-metadata.service.js';
import { MarquezRepository } from './marquez.repository.js';
import type { SearchSort, SortDirection } from './marquez.types.js';

export interface SearchQuery {
  readonly q: string;
  readonly filter?: 'DATASET' | 'JOB';
  readonly sort: SearchSort;
  readonly limit: number;
  readonly namespace?: string;
  /** Updated before / after this time (Marquez: a day, YYYY-MM-DD, taken at 00:00 UTC). */
  readonly before?: Date;
  readonly after?: Date;
}

export interface EventsQuery {
  readonly sortDirection: SortDirection;
  readonly after: Date | null;
  readonly before: Date | null;
  readonly limit: number;
  readonly offset: number;
}

/** Marquez's `q` pattern (`%` any text, `_` one character, case-insensitive) matched anywhere in a name. */
export function searchPattern(q: string): string {
  return `%${q.toLowerCase()}%`;
}

/** GET /api/v1/search and /api/v1/events/lineage: name search over datasets and jobs, and the RunEvents as received. */
@Injectable()
export class MarquezSearchService {
  constructor(
    private readonly repository: MarquezRepository,
    private readonly metadata: MarquezMetadataService,
  ) {}

  async search(query: SearchQuery) {
    const ns = query.namespace === undefined ? null : namespaceId((await this.metadata.requireNamespace(query.namespace)).uri);
    const filter = { pattern: searchPattern(query.q), namespaceId: ns, before: query.before ?? null, after: query.after ?? null };
    const [datasets, jobs] = await Promise.all([
      query.filter === 'JOB' ? { total: 0, items: [] } : this.repository.searchDatasets(filter, query.sort, query.limit),
      query.filter === 'DATASET' ? { total: 0, items: [] } : this.repository.searchJobs(filter, query.sort, query.limit),
    ]);
    const results: SearchResultShape[] = [...datasets.items.map(datasetSearchResult), ...jobs.items.map(jobSearchResult)];
    results.sort(query.sort === 'name' ? byName : byUpdatedAt);
    return { totalCount: datasets.total + jobs.total, results: results.slice(0, query.limit) };
  }

  /** The RunEvents as they were received (Marquez's lineage_events); one too large to keep comes back as a stub of its run and job. */
  async events(query: EventsQuery) {
    const { total, items } = await this.repository.storedEvents({ after: query.after, before: query.before }, query.sortDirection, query.limit, query.offset);
    return { events: items.map(storedEventShape), totalCount: total };
  }
}

function byName(a: SearchResultShape, b: SearchResultShape): number {
  return a.name.localeCompare(b.name, 'en') || a.namespace.localeCompare(b.namespace, 'en') || a.type.localeCompare(b.type);
}

/** Newest first; those without an update time last. */
function byUpdatedAt(a: SearchResultShape, b: SearchResultShape): number {
  return (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '') || byName(a, b);
}
