import { describe, expect, it } from 'vitest';
import { csvLine } from './csv.js';

describe('csvLine', () => {
  it('quotes a value holding a comma, quote or line break, doubling quotes', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines', 'plain'])).toBe('"a,b","say ""hi""","two\nlines",plain');
  });

  it('neutralises a leading formula character, and writes null and undefined as empty', () => {
    expect(csvLine(['=SUM(A1)', '+1', '-2', '@cmd', null, undefined, 3])).toBe("'=SUM(A1),'+1,'-2,'@cmd,,,3");
  });
});
