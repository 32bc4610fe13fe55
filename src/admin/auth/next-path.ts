/**
 * Where to go after login: only a local admin path (`/admin` or below),
 * never another origin (`//evil`, `/\evil`, `https://…`) or a non-admin
 * path; anything else falls back to the dashboard.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length > 1000) return '/admin';
  if (!/^\/admin(?:[/?#]|$)/.test(next)) return '/admin';
  // Control characters are exactly what this refuses.
  // eslint-disable-next-line no-control-regex
  if (/[\\\s\u0000-\u001f]/.test(next) || next.includes('//')) return '/admin';
  if (next.startsWith('/admin/login') || next.startsWith('/admin/logout') || next.startsWith('/admin/api/')) return '/admin';
  return next;
}
