import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Medium tests start worker threads from compiled JavaScript in dist/ (the
 * extraction pool, the graph render pool, test workers built on them), so
 * dist/ must match src/ before they run: built here (`npm run build`'s
 * command) when an output is missing or older than its source. `npm test`
 * builds first, so then there is nothing to do; `npx vitest run --project
 * medium` alone builds what changed since.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** A source without its compiled output, or changed after it. */
function stale(): string | undefined {
  const src = join(root, 'src');
  return sources(src).find((file) => {
    const out = join(root, 'dist', relative(src, file).replace(/\.ts$/, '.js'));
    return !existsSync(out) || statSync(out).mtimeMs < statSync(file).mtimeMs;
  });
}

export function setup(): void {
  if (stale() === undefined) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
}
