import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { fullGc } from './full-gc.js';

describe('fullGc', () => {
  it('collects garbage the heap would otherwise keep, and can run again', async () => {
    // A weakly held object with no other reference is gone after a full collection (a WeakRef keeps its target
    // until the end of the turn that made it, or that last read it).
    const ref = new WeakRef({ payload: new Array(1000).fill('x') });
    await nextTurn();
    expect(ref.deref()).toBeDefined();
    await nextTurn();
    expect(fullGc()).toBeGreaterThanOrEqual(0);
    expect(ref.deref()).toBeUndefined();
    expect(fullGc()).toBeGreaterThanOrEqual(0);
  });
});
