#!/usr/bin/env node
// The `lineage` command (npx lineage …): builds dist/ first only when a source changed since the last build, then runs
// the compiled CLI. Its help, options and exit codes: `lineage --help`.
import { ensureBuilt } from '../scripts/build-if-stale.mjs';

ensureBuilt();
await import('../dist/cli.js');
