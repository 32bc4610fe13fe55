// Builds dist/ (tsc -p tsconfig.build.json) only when a source is newer than the last build, so `npm start` and the
// `lineage` command start at once on a built checkout and still work on a fresh clone. A source is any .ts file under
// src/ other than a spec, a tsconfig*.json or package.json; the last build is dist/.tsbuildinfo (written by every build).
// Run as a script (npm's prestart), or import ensureBuilt().
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(ROOT, 'dist', '.tsbuildinfo');

function newestSource(dir = join(ROOT, 'src')) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function isStale() {
  if (!existsSync(STAMP) || !existsSync(join(ROOT, 'dist', 'main.js'))) return true;
  const configs = readdirSync(ROOT).filter((f) => /^tsconfig.*\.json$/.test(f) || f === 'package.json');
  const newest = Math.max(newestSource(), ...configs.map((f) => statSync(join(ROOT, f)).mtimeMs));
  return newest > statSync(STAMP).mtimeMs;
}

/** Builds when stale; the compiler's output goes to stderr, so a command's own output stays clean. Exits on a failed build. */
export function ensureBuilt() {
  if (!isStale()) return;
  process.stderr.write('Building Lineage (dist/ is older than the sources)…\n');
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) ensureBuilt();
