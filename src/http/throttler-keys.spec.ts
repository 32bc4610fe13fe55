import type { ExecutionContext } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { throttlerKeys } from './throttler-keys.js';

const route = (controller: string, handler: string) => ({ getClass: () => ({ name: controller }), getHandler: () => ({ name: handler }) }) as unknown as ExecutionContext;

describe('throttlerKeys', () => {
  const context = route('LineageController', 'columnLineage');

  it('tracks a client by its address, an IPv6 one by its /64 as the package does, the same on every request', async () => {
    const { getTracker } = throttlerKeys();
    const a = await getTracker({ ip: '2001:db8:1:2:aaaa::1' }, context);
    expect(await getTracker({ ip: '2001:db8:1:2:bbbb::9' }, context)).toBe(a);
    expect(await getTracker({ ip: '2001:db8:1:3::1' }, context)).not.toBe(a);
    expect(await getTracker({ ip: '10.0.0.1' }, context)).toBe('10.0.0.1');
    expect(await getTracker({ ip: '10.0.0.2' }, context)).toBe('10.0.0.2');
    expect(await getTracker({ ip: '2001:db8:1:2:aaaa::1' }, context)).toBe(a);
  });

  it('counts per route, limit and client', () => {
    const { generateKey } = throttlerKeys();
    const key = generateKey(context, '10.0.0.1', 'default');
    expect(generateKey(context, '10.0.0.1', 'default')).toBe(key);
    expect(new Set([key, generateKey(context, '10.0.0.2', 'default'), generateKey(route('LineageController', 'datasetLineage'), '10.0.0.1', 'default'), generateKey(context, '10.0.0.1', 'burst')]).size).toBe(4);
  });
});
