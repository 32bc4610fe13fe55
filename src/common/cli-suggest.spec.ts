import { describe, expect, it } from 'vitest';
import { closest, editDistance, unknownOption } from './cli-suggest.js';

describe('CLI suggestions', () => {
  it('measures edits, a swap of two letters counting one', () => {
    expect(editDistance('dry-run', 'dry-run')).toBe(0);
    expect(editDistance('dry-runn', 'dry-run')).toBe(1);
    expect(editDistance('fixtrues', 'fixtures')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the closest known word when it is close, nothing when none is', () => {
    const options = ['--dbql', '--views', '--fixtures', '--since', '--until', '--dry-run', '--help'];
    expect(closest('--dry-runn', options)).toBe('--dry-run');
    expect(closest('--dryrun', options)).toBe('--dry-run');
    expect(closest('--fixture', options)).toBe('--fixtures');
    expect(closest('--DBQL', options)).toBe('--dbql');
    expect(closest('--watermark', options)).toBeUndefined();
    expect(closest('populat', ['schema', 'populate'])).toBe('populate');
    expect(closest('xyz', ['schema', 'populate'])).toBeUndefined();
  });

  it("reads the option out of parseArgs' message", () => {
    expect(unknownOption("Unknown option '--dry-runn'. To specify a positional argument starting with a '-', place it at the end")).toBe('--dry-runn');
    expect(unknownOption("Option '--since <value>' argument missing")).toBeUndefined();
  });
});
