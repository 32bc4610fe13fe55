// npm run docs:module-map
// Draws docs/module-map.svg from the code as it is: every folder under src/ is a module, every
// arrow is at least one import (dashed: types only), and the rows are the layers of
// .dependency-cruiser.cjs (a module imports only rows below its own). Imports of config and
// common, which every module may use, are left out so the picture stays readable. The picture
// of docs/decisions/0013-module-map.md.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Graphviz } from '@hpcc-js/wasm-graphviz';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs'));

// a module's layer: how many modules its rule allows it to import (the rule lists the ones it may not)
const allModules = config.forbidden.filter((r) => r.name.startsWith('layer-of-')).map((r) => r.name.slice('layer-of-'.length));
const depth = new Map(
  config.forbidden
    .filter((r) => r.name.startsWith('layer-of-'))
    .map((r) => [r.name.slice('layer-of-'.length), allModules.length - 1 - /\(([^)]*)\)/.exec(r.to.path)[1].split('|').length]),
);

const run = spawnSync(process.execPath, [join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'), 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
if (!run.stdout) throw new Error(`dependency-cruiser printed nothing: ${run.stderr}`);
const cruise = JSON.parse(run.stdout);

/** Used by every module: not drawn. */
const FOUNDATION = new Set(['config', 'common']);
const moduleOf = (path) => {
  const m = /^src\/([^/]+)\//.exec(path);
  return m ? m[1] : 'root';
};
const edges = new Map();
for (const m of cruise.modules) {
  if (!m.source.startsWith('src/') || m.source.endsWith('.spec.ts')) continue;
  const from = moduleOf(m.source);
  for (const d of m.dependencies) {
    const to = moduleOf(d.resolved);
    if (!d.resolved.startsWith('src/') || to === from || FOUNDATION.has(to)) continue;
    const key = `${from}->${to}`;
    const typeOnly = d.dependencyTypes.includes('type-only');
    edges.set(key, { from, to, typeOnly: (edges.get(key)?.typeOnly ?? true) && typeOnly });
  }
}

const rows = new Map();
for (const module of allModules.filter((m) => !FOUNDATION.has(m))) rows.set(depth.get(module), [...(rows.get(depth.get(module)) ?? []), module]);
const ordered = [...rows.entries()].sort((a, b) => b[0] - a[0]).map(([, ms]) => ms);
const lines = [
  'digraph modules {',
  '  rankdir=TB; nodesep=0.5; ranksep=0.55; bgcolor="white";',
  '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#5b7bb5", fontname="Helvetica", fontsize=12];',
  '  edge [color="#7a869a", arrowsize=0.7];',
  '  root [label="main · cli · app.module", fillcolor="#fff4d6", color="#b58b2a"];',
  ...ordered.map((ms) => `  { rank=same; ${ms.map((m) => `"${m}"`).join('; ')}; }`),
  // one row per layer, top layer first
  ...ordered.slice(1).map((ms, i) => `  "${ordered[i][0]}" -> "${ms[0]}" [style=invis];`),
  `  root -> "${ordered[0][0]}" [style=invis];`,
  '  note [shape=plaintext, style="", label="config and common: used by every module (arrows not drawn)", fontsize=10, fontcolor="#5f6b7a"];',
  `  "${ordered.at(-1)[0]}" -> note [style=invis];`,
  ...[...edges.values()].sort((a, b) => `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`)).map((e) => `  "${e.from}" -> "${e.to}"${e.typeOnly ? ' [style=dashed]' : ''};`),
  '}',
];
const graphviz = await Graphviz.load();
const svg = graphviz.dot(lines.join('\n'));
writeFileSync(join(root, 'docs', 'module-map.svg'), svg);
process.stdout.write(`docs/module-map.svg: ${allModules.length} modules, ${edges.size} arrows\n`);
