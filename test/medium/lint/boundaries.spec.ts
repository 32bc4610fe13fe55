import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The boundary rules of `npm run lint` each fail on a planted violation:
 * dependency-cruiser over a small tree planted in a temporary folder with the
 * project's own rule set, and eslint on planted text as a module file. Every
 * rule of .dependency-cruiser.cjs must be caught here, so a new rule needs a
 * plant too. That the real tree passes is `npm run lint` itself.
 */
const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const ruleSet = createRequire(import.meta.url)(CONFIG) as { forbidden: { name: string }[] };
const ruleNames = ruleSet.forbidden.map((r) => r.name);
const modulesOf = (prefix: string): string[] => ruleNames.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));

let dir: string;
let violated: Map<string, string[]>;

function plant(path: string, text: string): void {
  const file = join(dir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lineage-boundaries-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022' } }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  plant('src/admin/admin.module.ts', 'export const admin = 1;\n');
  plant('src/health/health.module.ts', 'export const health = 1;\n');
  // a module importing one at its own layer or above (admin and health are the top layer)
  for (const module of modulesOf('layer-of-')) {
    const above = module === 'admin' ? 'health/health.module' : 'admin/admin.module';
    plant(`src/${module}/plant-layer.ts`, `import { ${above.split('/')[0]} } from '../${above}.js';\nexport const up = ${above.split('/')[0]};\n`);
  }
  // a file inside another module's folder
  for (const module of modulesOf('public-surface-of-')) {
    plant(`src/${module}/internal/deep.ts`, 'export const deep = 1;\n');
    const from = module === 'admin' ? 'health' : 'admin';
    plant(`src/${from}/plant-deep-${module}.ts`, `import { deep } from '../${module}/internal/deep.js';\nexport const d = deep;\n`);
  }
  plant('src/common/cycle-a.ts', "import { b } from './cycle-b.js';\nexport const a = () => b;\n");
  plant('src/common/cycle-b.ts', "import { a } from './cycle-a.js';\nexport const b = () => a;\n");
  plant('src/lineage/graph/plant-nest.ts', "import { Injectable } from '@nestjs/common';\nexport const i = Injectable;\n");
  plant('src/lineage/barrel/index.ts', 'export const barrel = 1;\n');
  plant('src/lineage/plant-barrel.ts', "import { barrel } from './barrel/index.js';\nexport const b = barrel;\n");

  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'), 'src', '--config', CONFIG, '--output-type', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const result = JSON.parse(run.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  violated = new Map();
  for (const v of result.summary.violations) violated.set(v.rule.name, [...(violated.get(v.rule.name) ?? []), `${v.from} → ${v.to}`]);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('module boundary rules (dependency-cruiser)', () => {
  it('cover every module of the map', () => {
    expect(modulesOf('layer-of-').sort()).toEqual(['admin', 'common', 'config', 'health', 'http', 'lineage', 'marquez', 'metrics', 'model', 'ol-store', 'openlineage-emit', 'population', 'schema', 'teradata', 'usage']);
    expect(modulesOf('public-surface-of-').sort()).toEqual(['admin', 'config', 'health', 'http', 'lineage', 'marquez', 'metrics', 'ol-store', 'openlineage-emit', 'population', 'schema', 'teradata', 'usage']);
  });

  it.each(ruleNames)('%s fails on a planted violation', (name) => {
    expect(violated.get(name), `no violation of ${name} was reported`).toBeDefined();
  });

  it('reports a deep import as the deep import, and an upward import as the layer it breaks', () => {
    expect(violated.get('public-surface-of-lineage')).toContain('src/admin/plant-deep-lineage.ts → src/lineage/internal/deep.ts');
    expect(violated.get('layer-of-metrics')).toContain('src/metrics/plant-layer.ts → src/admin/admin.module.ts');
    expect(violated.get('layer-of-lineage')).toContain('src/lineage/plant-layer.ts → src/admin/admin.module.ts');
  });
});

describe('module rules (eslint)', () => {
  // The project's config, without type information: these rules read syntax only, and a planted text
  // linted as a file of the TypeScript program could be parsed from the file on disk instead.
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: {
      languageOptions: { parserOptions: { project: null, projectService: false } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/switch-exhaustiveness-check': 'off' },
    },
  });
  const lint = async (filePath: string, text: string): Promise<string[]> => {
    const [result] = await eslint.lintText(text, { filePath: join(ROOT, filePath) });
    return result.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
  };

  it('refuse a @Global() module, a global: true dynamic module and a ModuleRef look-up', async () => {
    const decorated = await lint('src/lineage/planted.module.ts', "import { Global, Module } from '@nestjs/common';\n@Global()\n@Module({})\nexport class LineageModule {}\n");
    expect(decorated).toEqual(['no-restricted-syntax: No global modules: import the module that exports what you need.']);
    const dynamic = await lint('src/schema/planted.module.ts', "import { Module } from '@nestjs/common';\n@Module({})\nexport class SchemaModule {\n  static forRoot() {\n    return { module: SchemaModule, global: true };\n  }\n}\n");
    expect(dynamic).toEqual(['no-restricted-syntax: No global modules: import the module that exports what you need.']);
    const lookup = await lint('src/admin/planted.module.ts', "import { ModuleRef } from '@nestjs/core';\nexport const lookup = (ref: ModuleRef): unknown => ref.get('x', { strict: false });\n");
    expect(lookup).toEqual(["no-restricted-imports: 'ModuleRef' import from '@nestjs/core' is restricted. No ModuleRef look-ups: inject what a module exports."]);
  });

  it('allow the one global module: configuration', async () => {
    expect(await lint('src/config/config.module.ts', "import { Global, Module } from '@nestjs/common';\n@Global()\n@Module({})\nexport class ConfigModule {}\n")).toEqual([]);
  });
});
