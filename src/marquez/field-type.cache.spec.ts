import { describe, expect, it } from 'vitest';
import { FieldTypeCache } from './field-type.cache.js';

/** A store of field types that counts the ids it is asked for. */
function store(types: Record<string, string>) {
  const asked: string[][] = [];
  return {
    asked,
    types,
    read: async (ids: string[]) => {
      asked.push([...ids]);
      return new Map(ids.filter((id) => id in types).map((id) => [id, types[id]]));
    },
  };
}

describe('FieldTypeCache', () => {
  it('reads each known type once, and only the ids it does not know', async () => {
    const s = store({ a: 'INTEGER', b: 'VARCHAR(20)' });
    const cache = new FieldTypeCache();
    const first = await cache.typesOf(['a', 'b'], 1, s.read);
    expect([first('a'), first('b')]).toEqual(['INTEGER', 'VARCHAR(20)']);
    const second = await cache.typesOf(['a', 'b', 'c'], 2, s.read);
    expect([second('a'), second('b'), second('c')]).toEqual(['INTEGER', 'VARCHAR(20)', null]);
    expect(s.asked).toEqual([['a', 'b'], ['c']]);
  });

  it('remembers a field without a type only for the generation it was read at', async () => {
    const s = store({});
    const cache = new FieldTypeCache();
    expect((await cache.typesOf(['x'], 5, s.read))('x')).toBeNull();
    expect((await cache.typesOf(['x'], 5, s.read))('x')).toBeNull();
    s.types.x = 'DATE';
    expect((await cache.typesOf(['x'], 6, s.read))('x')).toBe('DATE');
    expect(s.asked).toEqual([['x'], ['x']]);
  });

  it('starts again when full, and still answers the ids of the call that filled it', async () => {
    const s = store(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}`, `T${i}`])));
    const cache = new FieldTypeCache(3);
    const first = await cache.typesOf(['f0', 'f1', 'f2'], 1, s.read);
    const second = await cache.typesOf(['f3', 'f4'], 1, s.read);
    expect([first('f0'), second('f3'), second('f4')]).toEqual(['T0', 'T3', 'T4']);
    await cache.typesOf(['f0'], 1, s.read);
    expect(s.asked).toEqual([['f0', 'f1', 'f2'], ['f3', 'f4'], ['f0']]);
  });
});
