import { describe, expect, it } from 'vitest';
import { InvalidIdentifierError, isValidIdentifier, quoteIdentifier, quoteQualified } from './quote-identifier.js';

describe('quoteIdentifier', () => {
  it('double-quotes valid Teradata names, reserved words included', () => {
    expect(quoteIdentifier('demo_user')).toBe('"demo_user"');
    expect(quoteIdentifier('SELECT')).toBe('"SELECT"');
    expect(quoteIdentifier('a$b#c_1')).toBe('"a$b#c_1"');
    expect(quoteQualified('DBC', 'TablesV')).toBe('"DBC"."TablesV"');
  });

  it.each(['', '1abc', 'demo user', 'x"; DROP TABLE t; --', 'a.b', "o'brien", 'tab\tname', 'é', 'x'.repeat(129)])('rejects %j', (name) => {
    expect(isValidIdentifier(name)).toBe(false);
    expect(() => quoteIdentifier(name)).toThrow(InvalidIdentifierError);
  });

  it('accepts the 128-character maximum', () => {
    expect(quoteIdentifier('x'.repeat(128))).toBe(`"${'x'.repeat(128)}"`);
  });
});
