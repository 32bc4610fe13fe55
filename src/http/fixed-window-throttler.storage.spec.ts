import { describe, expect, it } from 'vitest';
import { FixedWindowThrottlerStorage } from './fixed-window-throttler.storage.js';

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('FixedWindowThrottlerStorage', () => {
  it('counts hits per key and throttler within the window', async () => {
    const c = clock();
    const s = new FixedWindowThrottlerStorage(c.now);
    expect(await s.increment('a', 60_000, 3, 60_000, 'default')).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    await s.increment('a', 60_000, 3, 60_000, 'default');
    expect((await s.increment('b', 60_000, 3, 60_000, 'default')).totalHits).toBe(1);
    expect((await s.increment('a', 60_000, 3, 60_000, 'burst')).totalHits).toBe(1);
    c.t += 20_500;
    expect(await s.increment('a', 60_000, 3, 60_000, 'default')).toEqual({ totalHits: 3, timeToExpire: 40, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('blocks the hit over the limit for the block duration, then starts a fresh window', async () => {
    const c = clock();
    const s = new FixedWindowThrottlerStorage(c.now);
    for (let i = 0; i < 2; i++) await s.increment('a', 10_000, 2, 30_000, 'default');
    c.t += 1_000;
    expect(await s.increment('a', 10_000, 2, 30_000, 'default')).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    // Still blocked after the window ended: the block lasts its own duration, and blocked hits are not counted.
    c.t += 15_000;
    expect(await s.increment('a', 10_000, 2, 30_000, 'default')).toMatchObject({ isBlocked: true, totalHits: 3, timeToBlockExpire: 15 });
    c.t += 15_000;
    expect(await s.increment('a', 10_000, 2, 30_000, 'default')).toEqual({ totalHits: 1, timeToExpire: 10, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('without a block duration, blocks until the window ends', async () => {
    const c = clock();
    const s = new FixedWindowThrottlerStorage(c.now);
    await s.increment('a', 10_000, 1, 0, 'default');
    c.t += 4_000;
    expect(await s.increment('a', 10_000, 1, 0, 'default')).toMatchObject({ isBlocked: true, timeToBlockExpire: 6 });
    c.t += 6_000;
    expect((await s.increment('a', 10_000, 1, 0, 'default')).isBlocked).toBe(false);
  });

  it('sweeps ended windows and keeps live ones', async () => {
    const c = clock();
    const s = new FixedWindowThrottlerStorage(c.now);
    await s.increment('old', 1_000, 5, 1_000, 'default');
    c.t += 500;
    await s.increment('new', 1_000, 5, 1_000, 'default');
    c.t += 600;
    s.sweep();
    expect(s.size).toBe(1);
    expect((await s.increment('new', 1_000, 5, 1_000, 'default')).totalHits).toBe(2);
  });
});
