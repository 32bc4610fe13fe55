import { describe, expect, it } from 'vitest';
import { everyDay, windowEnding } from './usage-window.js';

describe('usage windows', () => {
  it('a window of n days ends on its last day, both included, across month and year ends', () => {
    expect(windowEnding('2026-03-01', 1)).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(windowEnding('2026-03-01', 2)).toEqual({ from: '2026-02-28', to: '2026-03-01' });
    expect(windowEnding('2027-01-05', 10)).toEqual({ from: '2026-12-27', to: '2027-01-05' });
  });

  it('every day of the window gets a point, the days without reads zero', () => {
    const days = everyDay(windowEnding('2026-11-03', 4), [{ day: '2026-11-01', reads: 5 }, { day: '2026-11-03', reads: 2 }], (day) => ({ day, reads: 0 }));
    expect(days).toEqual([
      { day: '2026-10-31', reads: 0 },
      { day: '2026-11-01', reads: 5 },
      { day: '2026-11-02', reads: 0 },
      { day: '2026-11-03', reads: 2 },
    ]);
  });
});
