import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/cli.commands.js';
import { DEPRECATED_ALIASES, VARIABLES } from '../../../src/config/config.schema.js';
import { PROJECT_ROOT } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { assignedVariables, documentedCliCalls, documentedRequests } from './docs-commands.js';

/**
 * The documents an operator or API consumer follows must name only things
 * that exist: routes, CLI commands and flags, configuration variables, and
 * the error messages quoted in Troubleshooting. (That every declared variable
 * is in the guide's table and in .env.example is src/config/config.docs.spec.ts.)
 */
const DOCS = ['docs/operations_guide.md', 'docs/user_guide.md', 'docs/SECURITY.md', 'README.md'];
const read = (file: string) => readFileSync(join(PROJECT_ROOT, file), 'utf8');

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
  match(path: string): boolean;
}

/** Catch-all layers (nestjs-pino's middleware) match every URL; they are not routes. */
const CATCH_ALL = /^[{/]*\*\w*\}?$/;

function section(markdown: string, heading: string): string {
  const start = markdown.search(new RegExp(`^## ${heading}\\s*$`, 'm'));
  if (start < 0) return '';
  const next = markdown.slice(start + 3).search(/^## /m);
  return next < 0 ? markdown.slice(start) : markdown.slice(start, start + 3 + next);
}

function sourceText(): string {
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|hbs)$/.test(name) && !/\.spec\.ts$/.test(name)) texts.push(readFileSync(path, 'utf8'));
    }
  };
  walk(join(PROJECT_ROOT, 'src'));
  walk(join(PROJECT_ROOT, 'views'));
  // Template literals escape backticks (\`); a reader sees them plain.
  return texts.join('\n').replace(/\\`/g, '`');
}

describe('documentation names only what exists', () => {
  let t: TestApp;
  let routes: RouteLayer[];

  beforeAll(async () => {
    t = await startTestApp();
    const stack = (t.app.getHttpAdapter().getInstance() as unknown as { router: { stack: RouteLayer[] } }).router.stack;
    routes = stack.filter((l) => l.route && !CATCH_ALL.test(l.route.path));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the operations guide has every section an operator needs', () => {
    const guide = read('docs/operations_guide.md');
    for (const heading of ['Prerequisites', 'Installation', 'Configuration', 'Database Setup', 'Running the Application', 'Production Deployment', 'Architecture', 'Troubleshooting']) {
      expect(section(guide, heading), `## ${heading}`).not.toBe('');
    }
    expect(section(guide, 'Architecture')).toContain('```mermaid');
  });

  it('every URL, curl and `METHOD /path` in the documents is a route of the service', () => {
    const requests = DOCS.flatMap((file) => documentedRequests(read(file), file));
    expect(requests.length).toBeGreaterThan(10);
    const missing = requests.filter((r) => !routes.some((l) => l.route?.methods[r.method.toLowerCase()] && l.match(r.path)));
    expect(missing.map((m) => `${m.method} ${m.path}  (${m.source})`)).toEqual([]);
  });

  it('every `npm run lineage -- …` names a command, its sub-commands and its flags', () => {
    const stringOptions = (name: string) =>
      new Set(Object.entries(COMMANDS.find((c) => c.usage.name === name)?.usage.options ?? {}).filter(([, o]) => o.type === 'string').map(([flag]) => flag));
    const calls = DOCS.flatMap((file) => documentedCliCalls(read(file), file, stringOptions));
    expect(calls.length).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const call of calls) {
      if (call.command === '--help' || call.command === '-h' || call.command === 'help') continue;
      const command = COMMANDS.find((c) => c.usage.name === call.command)?.usage;
      if (!command) {
        problems.push(`unknown command "${call.command}" (${call.source})`);
        continue;
      }
      for (const flag of call.flags) {
        const known = flag === 'help' || flag === 'h' || flag in command.options || Object.values(command.options).some((o) => o.short === flag);
        if (!known) problems.push(`${call.command}: unknown flag --${flag} (${call.source})`);
      }
      // Sub-commands are positionals; each must be one the command's help names.
      for (const word of call.positionals) {
        if (!new RegExp(`(^|[^\\w-])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\w-]|$)`).test(command.help)) {
          problems.push(`${call.command}: "${word}" is not in its help (${call.source})`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('every variable a document sets is declared (or a deprecated alias)', () => {
    const declared = new Set([...VARIABLES.map((v) => v.name), ...Object.keys(DEPRECATED_ALIASES)]);
    // The runtime's own: Node's and glibc's (MALLOC_ARENA_MAX, set in the deployment examples).
    const outside = new Set(['NODE_ENV', 'NODE_OPTIONS', 'MALLOC_ARENA_MAX']);
    const unknown = DOCS.flatMap((file) => assignedVariables(read(file)).filter((n) => !declared.has(n) && !outside.has(n)).map((n) => `${n} (${file})`));
    expect(unknown).toEqual([]);
  });

  it('every message quoted in Troubleshooting is one the code writes', () => {
    const troubleshooting = section(read('docs/operations_guide.md'), 'Troubleshooting');
    // Message: `text` or, when the text holds a backtick, Message: `` text ``.
    const quoted = [...troubleshooting.matchAll(/Message: (`+) ?(.+?) ?\1(?!`)/g)].map((m) => m[2]);
    expect(quoted.length).toBeGreaterThan(5);
    const code = sourceText();
    // `…` stands for a part the code fills in; every literal part must be in the source.
    const absent = quoted.filter((message) => message.split('…').some((part) => part.trim() !== '' && !code.includes(part.trim())));
    expect(absent).toEqual([]);
  });

  it('SECURITY.md and the user guide cover what their readers look for', () => {
    const security = read('docs/SECURITY.md');
    for (const topic of ['Threat model', 'API keys', 'Admin', 'CSRF', 'headers', 'Rate limit', 'logged', 'Reporting a vulnerability', 'npm audit']) {
      expect(security.toLowerCase(), topic).toContain(topic.toLowerCase());
    }
    const guide = read('docs/user_guide.md');
    for (const topic of ['namespace', 'dataset', 'field', 'edge', 'transformation', 'confidence', 'masking', 'impact', 'export', 'maxDepth', 'truncated', 'OpenLineage']) {
      expect(guide.toLowerCase(), topic).toContain(topic.toLowerCase());
    }
  });
});

describe('reading commands out of Markdown', () => {
  it('finds URLs with their method, across continued lines and quotes', () => {
    const md = [
      '```sh',
      "curl -s 'localhost:8080/api/v2/openlineage/datasets?q=x'",
      'curl -X POST http://localhost:8080/api/v1/lineage \\',
      '  -H "Content-Type: application/json" -d @event.json',
      'curl localhost:8080/api/v1/lineage --data-raw "{}"',
      '```',
      'Open http://localhost:8080/admin. Then `GET /api/v2/openlineage/datasets/{dataset}/lineage`.',
    ].join('\n');
    expect(documentedRequests(md, 'x.md').map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v2/openlineage/datasets',
      'POST /api/v1/lineage',
      'POST /api/v1/lineage',
      'GET /admin',
      'GET /api/v2/openlineage/datasets/placeholder/lineage',
    ]);
  });

  it('splits CLI calls into command, positionals and flags, skipping flag values', () => {
    const md = '```sh\nnpm run lineage -- populate --dbql --since 2026-01-01 --dry-run\nnpm run lineage -- schema setup --openlineage | tee out.txt\n```';
    const calls = documentedCliCalls(md, 'x.md', (c) => new Set(c === 'populate' ? ['since'] : []));
    expect(calls.map(({ command, positionals, flags }) => ({ command, positionals, flags }))).toEqual([
      { command: 'populate', positionals: [], flags: ['dbql', 'since', 'dry-run'] },
      { command: 'schema', positionals: ['setup'], flags: ['openlineage'] },
    ]);
  });

  it('finds variables set in shell, systemd and Kubernetes snippets', () => {
    const md = '```sh\nTERADATA_HOST=td.example.com npm start\n```\n```ini\nEnvironment=API_PORT=8080\n```\n```yaml\n        - name: REDIS_ADDR\n          value: redis:6379\n```';
    expect(assignedVariables(md).sort()).toEqual(['API_PORT', 'REDIS_ADDR', 'TERADATA_HOST']);
  });
});
