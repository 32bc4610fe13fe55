import { describe, expect, it } from 'vitest';
import { describeRedisError, FAILURES_TO_OPEN, OPEN_FIRST_MS, RedisBreaker, RedisBreakerOpenError } from './redis-breaker.js';

const never = () => new Promise<never>(() => undefined);
const refused = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6390'));

/** A clock on which every reading is `step` ms after the last: each deadline timer fires that late (a busy event loop). */
function laggingClock(step: number): () => number {
  let t = 0;
  return () => (t += step);
}

describe('RedisBreaker', () => {
  it('opens after repeated failures, then fails at once without calling Redis, and half-opens one probe after the back-off', async () => {
    let now = 0;
    const breaker = new RedisBreaker(() => now);
    for (let i = 0; i < FAILURES_TO_OPEN; i++) await expect(breaker.call(refused, 50)).rejects.toThrow('ECONNREFUSED');
    expect(breaker.state).toBe('open');
    let calls = 0;
    await expect(breaker.call(async () => ++calls, 50)).rejects.toBeInstanceOf(RedisBreakerOpenError);
    expect(calls).toBe(0);

    now += OPEN_FIRST_MS;
    expect(breaker.state).toBe('half-open');
    const probe = breaker.call(never, 5);
    expect(breaker.allows()).toBe(false); // one probe at a time
    await expect(probe).rejects.toThrow('did not answer within 5 ms');
    expect(breaker.state).toBe('open'); // the probe failed: open again, for longer
    now += OPEN_FIRST_MS;
    expect(breaker.state).toBe('open');
    now += OPEN_FIRST_MS;
    await expect(breaker.call(async () => 'pong', 50)).resolves.toBe('pong');
    expect(breaker.state).toBe('closed');
  });

  it('a success in between resets the count', async () => {
    const breaker = new RedisBreaker(() => 0);
    for (let i = 0; i < FAILURES_TO_OPEN * 3; i++) {
      await expect(breaker.call(refused, 50)).rejects.toThrow();
      if (i % (FAILURES_TO_OPEN - 1) === 0) await breaker.call(async () => 1, 50);
    }
    expect(breaker.state).toBe('closed');
  });

  it('does not count a deadline missed because the event loop was busy (a busy CPU, not a hung Redis)', async () => {
    const breaker = new RedisBreaker(laggingClock(100));
    for (let i = 0; i < FAILURES_TO_OPEN * 2; i++) await expect(breaker.call(never, 5)).rejects.toThrow('did not answer within 5 ms');
    expect(breaker.state).toBe('closed');
  });

  it('counts deadlines missed on an idle event loop (a hung Redis)', async () => {
    const breaker = new RedisBreaker(() => 0);
    for (let i = 0; i < FAILURES_TO_OPEN; i++) await expect(breaker.call(never, 5)).rejects.toThrow('did not answer within 5 ms');
    expect(breaker.state).toBe('open');
    expect(breaker.reason).toBe('Redis did not answer within 5 ms');
  });

  it('says "authentication failed" for a wrong password', () => {
    expect(describeRedisError(new Error('WRONGPASS invalid username-password pair or user is disabled.'))).toMatch(/^authentication failed: check REDIS_PASSWORD/);
    expect(describeRedisError(new Error('NOAUTH Authentication required.'))).toMatch(/^authentication failed/);
    expect(describeRedisError(new Error('connect ECONNREFUSED 127.0.0.1:6390'))).toBe('connect ECONNREFUSED 127.0.0.1:6390');
  });
});
