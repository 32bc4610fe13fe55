import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { PopulationConfig } from '../config/app-config.js';
import type { DictionaryIndex, TableFacts } from './lineage-batch.builder.js';
import { indexMetadata, metadataOf, type PopulationMetadata, PopulationMetadataSource } from './population-metadata.js';

/**
 * How far before the newest alteration seen an incremental read starts: DDL
 * that was running while the last read ran commits with an earlier
 * LastAlterTimeStamp than the read's newest row.
 */
const ALTER_MARGIN_MS = 3_600_000;

/** The dictionary a run extracts with, and the part of it to write as OL_DATASET / OL_DATASET_FIELD rows. */
export interface RunDictionaryView {
  readonly metadata: PopulationMetadata;
  /** The tables read this time: all of them on a full read, the altered ones otherwise. */
  readonly changed: DictionaryIndex;
  readonly full: boolean;
}

/**
 * The dictionary population works with, kept between the runs of this
 * process and read incrementally: the first run (and the first after
 * POPULATION_DICTIONARY_REFRESH_HOURS) reads every column of the kept
 * databases; the others read only the tables and views altered since the
 * newest LastAlterTimeStamp seen (less a margin) and replace those in the
 * kept index. A warehouse with a million columns then pays for the full
 * dictionary read once a day, not every run (issue 14, finding 4). A
 * dropped table stays known until the next full read (extraction can still
 * expand it; nothing is written for it).
 */
@Injectable()
export class RunDictionary {
  private tables = new Map<string, TableFacts>();
  private newest: Date | null = null;
  private fullAt: number | null = null;

  constructor(
    @Inject(PopulationMetadataSource) private readonly source: PopulationMetadataSource,
    @Inject(PopulationConfig) private readonly config: PopulationConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async forRun(): Promise<RunDictionaryView> {
    const now = this.clock.now().getTime();
    const refreshMs = this.config.dictionaryRefreshHours * 3_600_000;
    if (this.fullAt === null || this.newest === null || refreshMs === 0 || now - this.fullAt >= refreshMs) {
      const { columns, newest } = await this.source.columnsAlteredSince(null);
      const { index } = indexMetadata(columns);
      this.tables = new Map(index);
      this.newest = newest;
      this.fullAt = now;
      return { metadata: metadataOf(this.tables), changed: index, full: true };
    }
    const { columns, newest } = await this.source.columnsAlteredSince(new Date(this.newest.getTime() - ALTER_MARGIN_MS));
    const { index: changed } = indexMetadata(columns);
    for (const [name, facts] of changed) this.tables.set(name, facts);
    if (newest && newest > this.newest) this.newest = newest;
    return { metadata: metadataOf(this.tables), changed, full: false };
  }
}
