import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC keeps decorator metadata, which Nest's dependency injection needs
// (esbuild, vitest's default transform, drops it). See docs/decisions/0001-test-runner.md.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    globals: false,
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.spec.ts'] } },
      // Medium tests start compiled workers from dist/: the global setup builds it when older than src/.
      { extends: true, test: { name: 'medium', include: ['test/medium/**/*.spec.ts'], globalSetup: ['test/support/compiled-workers.global-setup.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.e2e-spec.ts'] } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.browser-spec.ts'], fileParallelism: false } },
    ],
  },
});
