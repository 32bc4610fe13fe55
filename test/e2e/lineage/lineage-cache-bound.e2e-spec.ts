import { describe, expect, it } from 'vitest';
import { LineageCacheService } from '../../../src/lineage/lineage-cache.service.js';
import { startTestApp } from '../../support/test-app.js';

describe('the in-process answer cache (no Redis), bounded', () => {
  it('is bounded: past its size the least recently used answers go, whatever their TTL (answers of old graph generations are never read again)', async () => {
    const t = await startTestApp({ CACHE_TTL_SECONDS: '3600' });
    try {
      const cache = t.app.get(LineageCacheService);
      let computed = 0;
      const answer = (key: string) => cache.wrap(key, async () => `${key}:${++computed}`);
      expect(await answer('lineage:first')).toBe('lineage:first:1');
      expect(await answer('lineage:first')).toBe('lineage:first:1');
      for (let i = 0; i < 600; i++) await answer(`lineage:generation-${i}`);
      // Long evicted: computed again.
      expect(await answer('lineage:first')).toBe(`lineage:first:${computed}`);
      expect(computed).toBe(602);
    } finally {
      await t.close();
    }
  });
});
