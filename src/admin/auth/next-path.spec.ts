import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path.js';

describe('post-login redirect target', () => {
  it.each([
    ['/admin/runs', '/admin/runs'],
    ['/admin/runs/abc?q=parse%20error', '/admin/runs/abc?q=parse%20error'],
    ['/admin', '/admin'],
    ['/admin?x=1', '/admin?x=1'],
  ])('keeps the local admin path %s', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    'https://evil.example/admin',
    '//evil.example/admin',
    '/\\evil.example',
    '/admin//evil.example',
    '/administrator',
    '/api/v2/openlineage/namespaces',
    '/admin/login?next=/admin',
    '/admin/logout',
    '/admin/api/runs/x/progress',
    '/admin/runs\n',
    undefined,
    42,
  ])('falls back to the dashboard for %j', (next) => {
    expect(safeNextPath(next)).toBe('/admin');
  });
});
