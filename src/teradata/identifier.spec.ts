import { describe, expect, it } from 'vitest';
import { InvalidIdentifierError } from './database.errors.js';
import { quoteIdentifier } from './identifier.js';
import { EMBEDDED_DICTIONARY } from './sql/embedded/dictionary.sql.js';
import { TERADATA_DICTIONARY } from './sql/teradata/dictionary.sql.js';

describe('quoteIdentifier', () => {
  it('quotes names Teradata allows, blanks, accents and punctuation of the pattern included', () => {
    expect(quoteIdentifier('mart_sales')).toBe('"mart_sales"');
    expect(quoteIdentifier('Sales Mart 2026')).toBe('"Sales Mart 2026"');
    expect(quoteIdentifier('Müller_$#@-.v')).toBe('"Müller_$#@-.v"');
  });

  it('doubles embedded double quotes', () => {
    expect(quoteIdentifier('my "odd" view')).toBe('"my ""odd"" view"');
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['statement separator', 'v; DROP TABLE x'],
    ['single quote', "o'brien"],
    ['comment', 'v/*x*/'],
    ['line break', 'v\n--x'],
    ['control character', 'v\u0000'],
    ['backslash', 'a\\b'],
    ['129 characters', 'x'.repeat(129)],
  ])('refuses a name with %s', (_what, name) => {
    expect(() => quoteIdentifier(name)).toThrow(InvalidIdentifierError);
  });

  it('keeps 128 characters, the longest Teradata name', () => {
    expect(quoteIdentifier('x'.repeat(128))).toHaveLength(130);
  });
});

describe('showView in both dialects', () => {
  it('checks both names before any statement exists', () => {
    for (const catalog of [TERADATA_DICTIONARY, EMBEDDED_DICTIONARY]) {
      expect(() => catalog.showView('core', "v'; DELETE FROM x; --")).toThrow(InvalidIdentifierError);
      expect(() => catalog.showView('co\nre', 'v')).toThrow(InvalidIdentifierError);
    }
  });

  it('binds the names on the embedded engine, where the statement is a query', () => {
    expect(EMBEDDED_DICTIONARY.showView('core', 'v "x"').params).toEqual(['core', 'v "x"']);
    expect(TERADATA_DICTIONARY.showView('core', 'v "x"').sql).toBe('SHOW VIEW "core"."v ""x"""');
  });
});
