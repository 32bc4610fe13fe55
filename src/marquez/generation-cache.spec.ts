import { describe, expect, it } from 'vitest';
import { GenerationCache } from './generation-cache.js';

type Shape = { readonly name: string };

/** A store of values (a name is enough here) that records the ids it is asked for. */
function store(ids: readonly string[]) {
  const asked: string[][] = [];
  return {
    asked,
    read: async (missing: string[]) => {
      asked.push([...missing]);
      return new Map(missing.filter((id) => ids.includes(id)).map((id) => [id, { name: id }]));
    },
  };
}
const names = (shapes: Shape[]) => shapes.map((s) => s.name);

describe('GenerationCache', () => {
  it('reads each dataset once per generation, only those it does not hold, and answers in the order asked', async () => {
    const s = store(['a', 'b', 'c']);
    const cache = new GenerationCache<Shape>(5_000);
    expect(names(await cache.valuesOf(['b', 'a', 'x'], 1, s.read))).toEqual(['b', 'a']);
    expect(names(await cache.valuesOf(['c', 'a', 'b'], 1, s.read))).toEqual(['c', 'a', 'b']);
    expect(s.asked).toEqual([['b', 'a', 'x'], ['c']]);
    // a write moved the generation on: read again
    await cache.valuesOf(['a'], 2, s.read);
    expect(s.asked.at(-1)).toEqual(['a']);
  });

  it('makes room past its limit by the datasets read longest ago', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `d${i}`);
    const s = store(ids);
    const cache = new GenerationCache<Shape>(10);
    for (const id of ids.slice(0, 12)) await cache.valuesOf([id], 1, s.read);
    s.asked.length = 0;
    // over the limit: the first ones read went, the last ones stayed
    await cache.valuesOf(['d11', 'd10', 'd0'], 1, s.read);
    expect(s.asked).toEqual([['d0']]);
  });

  it('does not keep what a read for an earlier generation brings back after a later one started the cache over', async () => {
    let release: () => void = () => undefined;
    const slow = async (missing: string[]) => {
      await new Promise<void>((r) => (release = r));
      return new Map(missing.map((id) => [id, { name: `old ${id}` }]));
    };
    const cache = new GenerationCache<Shape>(5_000);
    const late = cache.valuesOf(['a'], 1, slow);
    const s = store(['a']);
    expect(names(await cache.valuesOf(['a'], 2, s.read))).toEqual(['a']);
    release();
    expect(names(await late)).toEqual(['old a']);
    // generation 2 still holds its own read
    expect(names(await cache.valuesOf(['a'], 2, s.read))).toEqual(['a']);
    expect(s.asked).toEqual([['a']]);
  });
});
