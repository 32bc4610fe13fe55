import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeGoldenFile, goldenDir } from '../../../test/support/extraction-golden.js';

/**
 * Golden cases of whole requests and scripts (test/golden/extraction/*.json: sessions, several
 * statements in one request, failures). Each statement kind's own cases are in
 * test/golden/extraction/statements/<kind>.json, run by statements/<kind>.spec.ts beside its handler.
 */

const handlersDir = join(dirname(fileURLToPath(import.meta.url)), 'statements');

describe('extraction golden cases', () => {
  const files = readdirSync(goldenDir).filter((f) => f.endsWith('.json'));
  const perKind = readdirSync(join(goldenDir, 'statements')).filter((f) => f.endsWith('.json'));

  it('finds golden files', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(perKind.length).toBeGreaterThanOrEqual(9);
  });

  it('runs every statement kind’s golden file beside its handler', () => {
    expect(perKind.filter((f) => !existsSync(join(handlersDir, f.replace(/\.json$/, '.spec.ts'))))).toEqual([]);
  });

  for (const file of files) describeGoldenFile(file);
});
