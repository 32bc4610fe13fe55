import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderEnvExample, renderVariableTable } from './config.docs.js';
import { VARIABLES } from './config.schema.js';

const root = join(import.meta.dirname, '..', '..');

describe('generated configuration documents', () => {
  it('.env.example is exactly what the declaration generates (run `npm run config:docs`)', () => {
    expect(readFileSync(join(root, '.env.example'), 'utf8')).toBe(renderEnvExample());
  });

  it('the operations guide holds the generated variable table', () => {
    expect(readFileSync(join(root, 'docs', 'operations_guide.md'), 'utf8')).toContain(renderVariableTable());
  });

  it('names every variable, and prints no secret default', () => {
    const example = renderEnvExample();
    for (const v of VARIABLES) {
      expect(example).toContain(`# ${v.name}=`);
      expect(renderVariableTable()).toContain(`\`${v.name}\``);
      if (v.sensitive) expect(example).toContain(`# ${v.name}=\n`);
    }
  });
});
