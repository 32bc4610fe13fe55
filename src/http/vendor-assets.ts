import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Browser libraries the admin pages load, served from node_modules under
 * `/public/vendor/<name>` (same origin: the CSP's script-src 'self' holds,
 * no CDN). Only these files are reachable, never the rest of node_modules.
 * docs/decisions/0026-interactive-explorer.md says why these two.
 */
export const VENDOR_PREFIX = '/public/vendor/';

export const VENDOR_FILES: Readonly<Record<string, string>> = {
  'cytoscape.min.js': require.resolve('cytoscape/dist/cytoscape.min.js'),
  'elk.bundled.js': require.resolve('elkjs/lib/elk.bundled.js'),
};
