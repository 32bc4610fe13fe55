import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

export const API_KEY = 'test-key-123456';
export const GOLDEN_DIR = join(PROJECT_ROOT, 'test', 'golden', 'openlineage');

/** A golden file, parsed afresh (tests may change their copy). */
export function golden<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(GOLDEN_DIR, `${name}.json`), 'utf8')) as T;
}

/** The whole service (startTestApp) with an API key, so writes are allowed, and no population schedule. */
export function startIngestionApp(env: Record<string, string> = {}): Promise<TestApp> {
  return startTestApp({ API_KEYS: API_KEY, POPULATION_SCHEDULE: '', ...env });
}
