import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// `npm run test:faults`: the longer fault drills (processes killed at several points, Redis killed under load),
// beside test/e2e/faults, which `npm test` runs. One file at a time: they start services and CLIs as processes.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    globals: false,
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
    include: ['test/faults/**/*.faults-spec.ts', 'test/e2e/faults/**/*.e2e-spec.ts'],
  },
});
