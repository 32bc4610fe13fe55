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
  'elk-api.js': require.resolve('elkjs/lib/elk-api.js'),
  // ELK's layout engine, started by elk-api.js as a Web Worker (worker-src falls back to script-src 'self').
  'elk-worker.min.js': require.resolve('elkjs/lib/elk-worker.min.js'),
};
