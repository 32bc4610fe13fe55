// The explorer's page without the service: the real template (views/pages/lineage/explorer.hbs), the real
// public/ files and the two vendor libraries, under the service's Content Security Policy, around a
// generated lineage graph. The browser tests (a 500-node graph, a compare answer) and bench/explorer.bench.mjs
// use it: what it measures is the browser's part (fetch, layout, first frame), the service's graph route
// being measured by bench/api.bench.mjs.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import hbs from 'hbs';

const require = createRequire(import.meta.url);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NS = 'teradata://bench-warehouse:1025';
/** As src/http/vendor-assets.ts serves them. */
const VENDOR = { 'cytoscape.min.js': require.resolve('cytoscape/dist/cytoscape.min.js'), 'elk-api.js': require.resolve('elkjs/lib/elk-api.js'), 'elk-worker.min.js': require.resolve('elkjs/lib/elk-worker.min.js') };
/** The service's policy for every admin page (src/http/configure-app.ts). */
const CSP = "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;connect-src 'self';form-action 'self';frame-ancestors 'none';object-src 'none'";
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };

/** A deterministic pseudo-random sequence (Park–Miller). */
function random(seed) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

const KINDS = [
  ['DIRECT', 'IDENTITY'], ['DIRECT', 'IDENTITY'], ['DIRECT', 'TRANSFORMATION'], ['DIRECT', 'AGGREGATION'],
  ['INDIRECT', 'JOIN'], ['INDIRECT', 'FILTER'], ['INDIRECT', 'GROUP_BY'], ['INDIRECT', 'ROW_LEVEL'],
];

/**
 * A warehouse-shaped column graph: `nodes` fields in tables of 2 to 8 columns, spread over
 * databases and layers (staging → core → marts), `edges` links from each layer to the next
 * ones, the root a field of a middle layer, depths as a walk both ways would give them.
 * `diff: true` marks some links and nodes added or removed (the compare answer).
 */
export function generateGraph({ nodes, edges, seed = 7, diff = false }) {
  const rnd = random(seed);
  const layers = Math.max(3, Math.round(Math.log2(nodes)));
  const fields = [];
  let table = 0;
  while (fields.length < nodes) {
    const layer = Math.min(layers - 1, Math.floor((fields.length / nodes) * layers));
    const width = Math.min(nodes - fields.length, 2 + Math.floor(rnd() * 7));
    const dataset = `layer${layer}_db${table % 3}.table_${table}`;
    for (let c = 0; c < width; c++) fields.push({ dataset, field: `column_${c}`, layer });
    table++;
  }
  const id = (f) => `datasetField:${NS}:${f.dataset}:${f.field}`;
  const byLayer = Array.from({ length: layers }, () => []);
  fields.forEach((f) => byLayer[f.layer].push(f));
  const seen = new Set();
  const list = [];
  for (let tries = 0; list.length < edges && tries < edges * 50; tries++) {
    const s = fields[Math.floor(rnd() * fields.length)];
    if (s.layer === layers - 1) continue;
    const nextLayer = byLayer[Math.min(layers - 1, s.layer + 1 + (rnd() < 0.2 ? 1 : 0))];
    const t = nextLayer[Math.floor(rnd() * nextLayer.length)];
    const [type, subtype] = KINDS[Math.floor(rnd() * KINDS.length)];
    const key = `${id(s)}|${id(t)}|${subtype}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const e = { source: id(s), target: id(t), transformationType: type, transformationSubtype: subtype, description: '', confidence: 1, masking: false };
    if (diff && list.length % 9 === 1) e.diff = 'added';
    if (diff && list.length % 9 === 4) e.diff = 'removed';
    list.push(e);
  }
  const rootField = byLayer[Math.floor(layers / 2)][0];
  const adjacency = new Map(fields.map((f) => [id(f), []]));
  for (const e of list) {
    adjacency.get(e.source).push(e.target);
    adjacency.get(e.target).push(e.source);
  }
  const depth = new Map([[id(rootField), 0]]);
  const queue = [id(rootField)];
  while (queue.length) {
    const cur = queue.shift();
    for (const n of adjacency.get(cur)) if (!depth.has(n)) (depth.set(n, depth.get(cur) + 1), queue.push(n));
  }
  let far = Math.max(0, ...depth.values());
  const graphNodes = fields.map((f, i) => {
    const node = { id: id(f), type: 'datasetField', namespace: NS, dataset: f.dataset, field: f.field, depth: depth.get(id(f)) ?? ++far };
    if (diff && i % 23 === 5) node.diff = 'added';
    return node;
  });
  return { root: id(rootField), direction: 'both', maxDepth: far, nodes: graphNodes, edges: list, truncated: false };
}

/**
 * The explorer page around `graph` (every node drawn unless `nodeBudget` says fewer), carrying the graph
 * as the service's page does (src/admin/explorer/explorer.presenter.ts, jsonForScriptBlock); `embed: false`
 * leaves it out (the page then fetches /graph.json).
 */
function page(graph, nodeBudget, embed = true) {
  const template = hbs.handlebars.compile(readFileSync(join(ROOT, 'views', 'pages', 'lineage', 'explorer.hbs'), 'utf8'));
  const root = graph.nodes.find((n) => n.id === graph.root);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const label = (n) => `${n.dataset}.${n.field}`;
  const body = template({
    form: { q: `${root.dataset}.${root.field}`, direction: 'both', depth: graph.maxDepth, minDepth: 1, maxDepth: 100, directions: [] },
    searched: false,
    hits: [],
    error: null,
    graph: {
      rootLabel: `${root.dataset}.${root.field}`,
      svgUrl: '/graph.svg',
      interactive: {
        graphUrl: '/graph.json', graphJson: embed ? JSON.stringify(graph).replace(/</g, '\\u003c') : '', expandUrl: '/graph.json', detailUrl: '/detail.json', rootId: graph.root, namespace: NS, direction: 'both',
        depth: graph.maxDepth, depthMin: 1, depthMax: Math.min(100, Math.max(20, graph.maxDepth)), hide: '', group: 'none', select: '', nodeBudget: nodeBudget ?? graph.nodes.length,
      },
      // The node list and the edge table of the page, as the presenter writes them (the page parses and lays them out).
      nodes: [...graph.nodes]
        .sort((a, b) => a.depth - b.depth || label(a).localeCompare(label(b)))
        .map((n) => ({ label: label(n), namespace: null, href: `/explorer?node=${encodeURIComponent(n.id)}`, depth: n.depth, isRoot: n.id === graph.root, kind: 'field' })),
      edges: graph.edges.map((e) => ({ source: label(byId.get(e.source)), target: label(byId.get(e.target)), transformation: `${e.transformationType}/${e.transformationSubtype}` })),
      truncated: false,
      exports: [],
    },
  });
  // As views/layouts/main.hbs with the presenter's EXPLORER_EARLY_SCRIPTS (head) and EXPLORER_SCRIPTS (deferred).
  const scripts = ['/public/vendor/elk-api.js', '/public/js/explorer.js', '/public/vendor/cytoscape.min.js'].map((s) => `<script src="${s}" defer></script>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Explorer harness</title><link rel="icon" href="/public/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/public/css/admin.css"><script src="/public/js/explorer-worker.js" async></script></head><body><main id="main">${body}</main>${scripts}</body></html>`;
}

/** The answer at a lower depth, as the service gives it: the nodes at most `depth` hops out, the links between them. */
function atDepth(graph, depth) {
  const d = Number(depth);
  if (!depth || !(d >= 1) || d >= graph.maxDepth) return graph;
  const nodes = graph.nodes.filter((n) => n.depth <= d);
  const ids = new Set(nodes.map((n) => n.id));
  return { ...graph, maxDepth: d, nodes, edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
}

/** Serves the page (at `?depth=`, as the service) and its files on a loopback port; `graph` may be swapped with `setGraph`. */
export async function startExplorerHarness(initialGraph, options = {}) {
  let graph = initialGraph;
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const send = (status, type, body) => {
      res.writeHead(status, { 'Content-Type': type, 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    try {
      const asked = atDepth(graph, url.searchParams.get('depth'));
      if (url.pathname === '/explorer') return send(200, 'text/html; charset=utf-8', page(asked, options.nodeBudget, options.embed !== false));
      if (url.pathname === '/graph.svg') return send(200, 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
      if (url.pathname === '/graph.json') return send(200, 'application/json', JSON.stringify(graph));
      if (url.pathname.startsWith('/public/vendor/') && VENDOR[url.pathname.slice('/public/vendor/'.length)]) {
        return send(200, 'text/javascript', readFileSync(VENDOR[url.pathname.slice('/public/vendor/'.length)]));
      }
      if (url.pathname.startsWith('/public/')) {
        const file = normalize(join(ROOT, url.pathname));
        if (!file.startsWith(join(ROOT, 'public'))) return send(403, 'text/plain', 'no');
        return send(200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file));
      }
      return send(404, 'application/json', JSON.stringify({ statusCode: 404, message: `${url.pathname} is not served by the harness` }));
    } catch {
      return send(404, 'text/plain', 'not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/explorer`,
    setGraph(g) {
      graph = g;
    },
    close: () => new Promise((r) => server.close(r)),
  };
}
