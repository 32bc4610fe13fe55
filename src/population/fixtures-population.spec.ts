import { describe, expect, it } from 'vitest';
import { parseFixtures } from './fixtures-population.js';

describe('parseFixtures', () => {
  it('reads transformation words in any case, DIRECT/IDENTITY when none is given', () => {
    const mappings = parseFixtures(
      JSON.stringify([
        { source: 'db.s.a', target: 'db.t.x', transformationType: 'indirect', transformationSubtype: 'filter' },
        { source: 'db.s.b', target: 'db.t.y' },
      ]),
    );
    expect(mappings.map((m) => [m.transformationType, m.transformationSubtype])).toEqual([
      ['INDIRECT', 'FILTER'],
      ['DIRECT', 'IDENTITY'],
    ]);
  });

  it('refuses a type or subtype outside the vocabulary, naming the mapping', () => {
    expect(() => parseFixtures(JSON.stringify([{ source: 'db.s.a', target: 'db.t.x' }, { source: 'db.s.a', target: 'db.t.x', transformationType: 'MASKED' }]))).toThrow(
      'mapping 2 transformationType: expected one of DIRECT, INDIRECT, got "MASKED"',
    );
    expect(() => parseFixtures(JSON.stringify([{ source: 'db.s.a', target: 'db.t.x', transformationSubtype: 'COPY' }]))).toThrow(/^mapping 1 transformationSubtype: expected one of IDENTITY, .*, got "COPY"$/);
  });
});
