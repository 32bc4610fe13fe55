import { describe, expect, it } from 'vitest';
import type { PopulationConfig } from '../config/app-config.js';
import type { DictionaryColumn, ViewDefinition } from '../schema/dictionary.repository.js';
import { PopulationMetadataSource } from './population-metadata.js';
import { RunDictionary } from './run-dictionary.js';

const col = (table: string, column: string, ordinal: number): DictionaryColumn => ({ database: 'core', table, column, type: 'INTEGER', ordinal, nullable: true, kind: 'TABLE' });

/** A dictionary whose tables carry a LastAlterTimeStamp; answers like DictionaryRepository.columnsAlteredSince and records each call. */
class AlteringDictionary extends PopulationMetadataSource {
  readonly calls: (Date | null)[] = [];
  tables = new Map<string, { altered: Date; columns: DictionaryColumn[] }>();

  async columns(): Promise<readonly DictionaryColumn[]> {
    return (await this.columnsAlteredSince(null)).columns;
  }
  async columnsAlteredSince(since: Date | null) {
    this.calls.push(since);
    const kept = [...this.tables.values()].filter((t) => since === null || t.altered >= since);
    const newest = kept.reduce<Date | null>((n, t) => (n === null || t.altered > n ? t.altered : n), null);
    return { columns: kept.flatMap((t) => t.columns), newest };
  }
  async *viewDefinitions(): AsyncGenerator<readonly ViewDefinition[]> {
    // none
  }
  async viewText(): Promise<string | null> {
    return null;
  }
}

function setup(refreshHours = 24) {
  const source = new AlteringDictionary();
  source.tables.set('core.a', { altered: new Date('2026-12-01T00:00:00Z'), columns: [col('a', 'id', 1), col('a', 'x', 2)] });
  source.tables.set('core.b', { altered: new Date('2026-12-02T00:00:00Z'), columns: [col('b', 'id', 1)] });
  let now = new Date('2026-12-05T10:00:00Z');
  const clock = { now: () => now };
  const dictionary = new RunDictionary(source, { dictionaryRefreshHours: refreshHours } as PopulationConfig, clock);
  return { source, dictionary, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('RunDictionary (the dictionary kept between runs, read incrementally)', () => {
  it('reads the whole dictionary first, then only what was altered since the newest alteration seen (less an hour), merged into what it keeps', async () => {
    const { source, dictionary, advance } = setup();
    const first = await dictionary.forRun();
    expect(first.full).toBe(true);
    expect([...first.changed.keys()]).toEqual(['core.a', 'core.b']);

    // b gains a column; a is untouched
    source.tables.set('core.b', { altered: new Date('2026-12-05T09:00:00Z'), columns: [col('b', 'id', 1), col('b', 'added', 2)] });
    advance(3_600_000);
    const second = await dictionary.forRun();
    expect(source.calls).toEqual([null, new Date('2026-12-01T23:00:00Z')]);
    expect(second.full).toBe(false);
    expect([...second.changed.keys()]).toEqual(['core.b']);
    // extraction still knows every table, with b's new column in order
    expect(second.metadata.extraction.tables.get('core.a')?.columns).toEqual(['id', 'x']);
    expect(second.metadata.extraction.tables.get('core.b')?.columns).toEqual(['id', 'added']);

    // nothing altered since: only the tables within the margin of the newest alteration are read again, a untouched
    const third = await dictionary.forRun();
    expect(source.calls[2]).toEqual(new Date('2026-12-05T08:00:00Z'));
    expect([...third.changed.keys()]).toEqual(['core.b']);
    expect([...third.metadata.index.keys()]).toEqual(['core.a', 'core.b']);
  });

  it('reads it whole again once POPULATION_DICTIONARY_REFRESH_HOURS have passed (a dropped table is forgotten then)', async () => {
    const { source, dictionary, advance } = setup(24);
    await dictionary.forRun();
    source.tables.delete('core.a');
    advance(23 * 3_600_000);
    expect((await dictionary.forRun()).metadata.index.has('core.a')).toBe(true);
    advance(3_600_000);
    const whole = await dictionary.forRun();
    expect(whole.full).toBe(true);
    expect(source.calls.at(-1)).toBeNull();
    expect(whole.metadata.index.has('core.a')).toBe(false);
  });

  it('reads it whole every run with POPULATION_DICTIONARY_REFRESH_HOURS=0', async () => {
    const { source, dictionary } = setup(0);
    await dictionary.forRun();
    await dictionary.forRun();
    expect(source.calls).toEqual([null, null]);
  });
});
