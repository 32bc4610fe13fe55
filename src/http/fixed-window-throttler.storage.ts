import type { ThrottlerStorage } from '@nestjs/throttler';

interface Window {
  hits: number;
  /** When the window ends (ms since epoch). */
  resetAt: number;
  /** When a block ends, 0 when not blocked. */
  blockedUntil: number;
}

const SWEEP_MS = 60_000;

/** What a throttler storage answers per hit (the package does not export the type from its entry point). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * In-process fixed-window counter for @nestjs/throttler: O(1) per request.
 *
 * The package's default storage keeps one expiry timestamp per hit and filters
 * (and spreads into Math.min) the whole list on every request, so its cost
 * grows with the request rate: at 1,500 req/s and a 60 s window that is
 * 90,000 timestamps touched per request. A fixed window answers the same
 * question (at most `limit` per `ttl` per client) with one counter.
 */
export class FixedWindowThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref(); // never keeps the process alive
  }

  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    const id = `${throttlerName}\u0001${key}`;
    let w = this.windows.get(id);
    if (!w) {
      w = { hits: 0, resetAt: now + ttl, blockedUntil: 0 };
      this.windows.set(id, w);
    }
    if (w.blockedUntil <= now) {
      if (w.resetAt <= now) {
        w.hits = 0;
        w.resetAt = now + ttl;
      }
      w.blockedUntil = 0;
      w.hits++;
      if (w.hits > limit) w.blockedUntil = now + (blockDuration > 0 ? blockDuration : w.resetAt - now);
    }
    const seconds = (at: number) => Math.max(0, Math.ceil((at - now) / 1000));
    return Promise.resolve({
      totalHits: w.hits,
      timeToExpire: seconds(w.resetAt),
      isBlocked: w.blockedUntil > now,
      timeToBlockExpire: w.blockedUntil > now ? seconds(w.blockedUntil) : 0,
    });
  }

  /** Forgets windows that ended and blocks that expired. */
  sweep(): void {
    const now = this.now();
    for (const [id, w] of this.windows) if (w.resetAt <= now && w.blockedUntil <= now) this.windows.delete(id);
  }

  get size(): number {
    return this.windows.size;
  }
}
