/**
 * Module boundaries of STYLE.md §5, checked by `npm run lint` (dependency-cruiser).
 * Allowed direction: admin, health → lineage, population, schema → teradata → config;
 * common is imported by all and imports nothing of ours.
 */
const MODULES = 'admin|health|lineage|population|schema|teradata|config|metrics|http';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles hide order-of-initialisation bugs; forwardRef is a smell, not a fix.', from: {}, to: { circular: true } },
    {
      name: 'common-imports-nothing-of-ours',
      severity: 'error',
      comment: 'src/common is shared, dependency-free code (a type named in a contract, such as the CLI command\'s config, is no runtime dependency).',
      from: { path: '^src/common/' },
      to: { path: `^src/(${MODULES})/`, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'lineage-and-population-meet-in-tables',
      severity: 'error',
      comment: 'Lineage and population do not import each other; they meet in the OL_* tables.',
      from: { path: '^src/(lineage|population)/' },
      to: { path: '^src/(lineage|population)/', pathNot: '^src/$1/' },
    },
    {
      name: 'teradata-below-features',
      severity: 'error',
      comment: 'The database port and its adapters know nothing of the features above them.',
      from: { path: '^src/teradata/' },
      to: { path: '^src/(admin|health|lineage|population|schema|http)/' },
    },
    {
      name: 'config-at-the-bottom',
      severity: 'error',
      comment: 'Configuration is read before anything else exists.',
      from: { path: '^src/config/' },
      to: { path: '^src/(admin|health|lineage|population|schema|teradata|metrics|http)/' },
    },
    {
      name: 'features-below-pages-and-health',
      severity: 'error',
      comment: 'Admin pages and health compose the feature modules, not the other way round.',
      from: { path: '^src/(lineage|population|schema|teradata)/' },
      to: { path: '^src/(admin|health)/' },
    },
    {
      name: 'pure-graph-export-extraction',
      severity: 'error',
      comment: 'Traversal, exporters and SQL extraction are plain code: no Nest, no database driver.',
      from: { path: '^src/(lineage/graph|population/extraction)/|^src/lineage/export/(?!.*\\.(service|controller|dto)\\.ts$)' },
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
