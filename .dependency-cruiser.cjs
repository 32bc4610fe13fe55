/**
 * Module boundaries of STYLE.md §5, checked by `npm run lint` (dependency-cruiser).
 * The module map and why each arrow exists: docs/decisions/0013-module-map.md.
 *
 *   root files (main, cli, app.module) → admin, health → lineage, population, schema
 *     → ol-store → teradata → metrics, config; model and common below all.
 *   http is the HTTP shell (guards, filters, /metrics): it knows config and metrics only.
 *
 * Each module is a folder under src/; what other modules may import from it is
 * listed in PUBLIC (its module file, its public services, its types). Tests
 * (`*.spec.ts`) may reach further: a unit test wires internals on purpose.
 */
/**
 * The module map, bottom first: a module imports only modules of lower layers,
 * never one of its own layer or above, so no two modules can form a cycle.
 * - common, model: shared, dependency-free code (types of config named in a contract excepted);
 * - config: read before anything else exists;
 * - metrics: the registry every recording module imports; it knows none of them;
 * - teradata (the database port, its adapters, the statement catalogs) and http (the shell:
 *   guards, filters, /metrics, app set-up) know nothing of the features;
 * - ol-store: the OL_* store writer, shared by population and ingestion;
 * - schema: migrations, QVCI, the dictionary;
 * - openlineage-emit: sends what population wrote to an OpenLineage consumer (population wakes it, the CLI re-sends with it);
 * - lineage and population: never each other; they meet in the OL_* tables;
 * - usage: column usage read back, weighted by the lineage module's impact walk;
 * - health and admin compose the features; marquez (the Marquez-compatible /api/v1 reads) is served from lineage.
 */
const LAYERS = [['common', 'model'], ['config'], ['metrics'], ['teradata', 'http'], ['ol-store'], ['schema'], ['openlineage-emit'], ['lineage', 'population'], ['usage'], ['health', 'admin', 'marquez']];

const layers = LAYERS.flatMap((layer, level) =>
  layer.map((module) => {
    const notBelow = LAYERS.slice(level).flat().filter((m) => m !== module);
    return {
      name: `layer-of-${module}`,
      severity: 'error',
      comment: `${module} imports only modules below its layer (${LAYERS.slice(0, level).flat().join(', ') || 'none'}); see the module map above.`,
      from: { path: `^src/${module}/` },
      to: { path: `^src/(${notBelow.join('|')})/`, ...(level === 0 ? { dependencyTypesNot: ['type-only'] } : {}) },
    };
  }),
);

/** Per module: the files other modules may import (paths inside the module folder). */
const PUBLIC = {
  config: ['app-config\\.ts', 'config\\.module\\.ts', 'load-or-exit\\.ts'],
  metrics: ['metrics\\.module\\.ts', 'lineage\\.metrics\\.ts'],
  http: ['http\\.module\\.ts', 'api-key\\.guard\\.ts', 'configure-app\\.ts', 'shutdown-gate\\.ts', 'error\\.filter\\.ts', 'fixed-window-throttler\\.storage\\.ts', 'redis-throttler\\.storage\\.ts', 'throttler-keys\\.ts'],
  teradata: ['teradata\\.module\\.ts', 'database\\.port\\.ts', 'database\\.errors\\.ts', 'database\\.health\\.ts', 'demo-warehouse\\.service\\.ts', '[a-z-]+\\.statements\\.ts'],
  'ol-store': ['ol-store\\.module\\.ts', 'ol-store\\.writer\\.ts', 'usage\\.writer\\.ts', 'ol-store\\.types\\.ts', 'usage-deltas\\.ts'],
  schema: ['schema\\.module\\.ts', 'schema\\.service\\.ts', 'qvci\\.service\\.ts', 'dictionary\\.repository\\.ts', 'schema\\.health\\.ts', 'schema\\.cli\\.ts', 'schema\\.cli-usage\\.ts'],
  'openlineage-emit': ['openlineage-emit\\.module\\.ts', 'openlineage-emitter\\.service\\.ts'],
  population: ['population\\.module\\.ts', 'population\\.service\\.ts', 'population-runs\\.service\\.ts', 'population\\.types\\.ts', 'population\\.cli\\.ts', 'population\\.cli-usage\\.ts'],
  lineage: ['lineage\\.module\\.ts', 'graph-format\\.ts', 'lineage\\.service\\.ts', 'lineage-cache\\.service\\.ts', 'export\\.service\\.ts', 'export-format\\.ts', 'lineage\\.types\\.ts', 'cache\\.health\\.ts', 'index\\.health\\.ts'],
  usage: ['usage\\.module\\.ts', 'usage\\.service\\.ts', 'usage-impact\\.service\\.ts', 'usage\\.types\\.ts', 'usage\\.health\\.ts'],
  health: ['health\\.module\\.ts'],
  admin: ['admin\\.module\\.ts'],
  marquez: ['marquez\\.module\\.ts'],
};

const publicSurface = Object.entries(PUBLIC).map(([module, files]) => ({
  name: `public-surface-of-${module}`,
  severity: 'error',
  comment: `Other code imports only what ${module} exports (${files.join(', ').replace(/\\\\/g, '')}), never a file inside it or its sub-folders.`,
  from: { path: '^src/', pathNot: [`^src/${module}/`, '\\.spec\\.ts$'] },
  to: { path: `^src/${module}/`, pathNot: `^src/${module}/(${files.join('|')})$` },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles hide order-of-initialisation bugs; forwardRef is a smell, not a fix.', from: {}, to: { circular: true } },
    ...publicSurface,
    ...layers,
    {
      name: 'pure-graph-export-extraction-model',
      severity: 'error',
      comment: 'Traversal, exporters, SQL extraction and the model are plain code: no Nest, no database driver.',
      from: { path: '^src/(lineage/graph|population/extraction|model)/|^src/lineage/export/(?!.*\\.(service|controller|dto)\\.ts$)' },
      to: { path: 'node_modules/(@nestjs|teradatasql|@duckdb)/' },
    },
    {
      name: 'no-barrels',
      severity: 'error',
      comment: 'No index.ts barrels: import the file that defines the thing.',
      from: { path: '^src/' },
      to: { path: '^src/.*/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|test|bench)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
