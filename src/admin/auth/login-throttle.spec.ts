import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

describe('failed-login throttle', () => {
  it('allows five failures a minute, then refuses until the oldest leaves the window', () => {
    const throttle = new LoginThrottle(5, 60_000);
    for (let i = 0; i < 5; i++) {
      expect(throttle.retryAfterMs('ip|admin', 1000 * i)).toBe(0);
      throttle.recordFailure('ip|admin', 1000 * i);
    }
    expect(throttle.retryAfterMs('ip|admin', 5000)).toBe(55_000);
    expect(throttle.retryAfterMs('ip|admin', 60_001)).toBe(0);
  });

  it('counts each address and user apart, and a success clears the count', () => {
    const throttle = new LoginThrottle(2, 60_000);
    throttle.recordFailure('a|admin', 0);
    throttle.recordFailure('a|admin', 1);
    expect(throttle.retryAfterMs('a|admin', 2)).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('b|admin', 2)).toBe(0);
    expect(throttle.retryAfterMs('a|other', 2)).toBe(0);
    throttle.clear('a|admin');
    expect(throttle.retryAfterMs('a|admin', 3)).toBe(0);
  });
});
