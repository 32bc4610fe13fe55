/** Admin route paths, shared by controllers, templates' presenters, tests and docs. */
export const ADMIN_ROUTES = {
  dashboard: '/admin',
  login: '/admin/login',
  logout: '/admin/logout',
  qvci: '/admin/qvci',
  qvciRecheck: '/admin/qvci/recheck',
  schema: '/admin/schema',
  schemaApply: '/admin/schema/apply',
  runs: '/admin/runs',
  run: (id: string) => `/admin/runs/${encodeURIComponent(id)}`,
  runProgress: (id: string) => `/admin/api/runs/${encodeURIComponent(id)}/progress`,
  lineage: '/admin/lineage',
  lineageGraph: '/admin/lineage/graph.svg',
  lineageExport: '/admin/lineage/export',
  lineageGraphJson: '/admin/lineage/graph.json',
  lineageDetail: '/admin/lineage/detail.json',
  usageUnused: '/admin/usage/unused',
  usageImpact: '/admin/usage/impact',
  /** JSON for the explorer's detail panel: ?ns&dataset&field&days → reads per day, top users and applications. */
  usagePanel: '/admin/api/usage',
} as const;

/** The session cookie: HTTP-only, SameSite=Strict, scoped to /admin. */
export const ADMIN_SESSION_COOKIE = 'lineage_admin';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
