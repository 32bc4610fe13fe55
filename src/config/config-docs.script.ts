import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEnvExample, withVariableTable } from './config.docs.js';

/** `npm run config:docs`: rewrites .env.example and the ops guide's variable table from the declaration. */
const root = join(import.meta.dirname, '..', '..');
writeFileSync(join(root, '.env.example'), renderEnvExample());
const guide = join(root, 'docs', 'operations_guide.md');
if (existsSync(guide)) writeFileSync(guide, withVariableTable(readFileSync(guide, 'utf8')));
process.stdout.write('Wrote .env.example and the variable table of docs/operations_guide.md\n');
