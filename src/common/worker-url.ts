import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The compiled worker script `file` beside the module at `moduleUrl` or, when
 * that module runs from TypeScript sources under a test runner, the same
 * script in dist/ (workers always run compiled JavaScript).
 */
export function compiledWorkerUrl(file: string, moduleUrl: string): URL {
  const here = new URL(`./${file}`, moduleUrl);
  if (existsSync(fileURLToPath(here))) return here;
  // The last src/ in the path is the project's (a checkout may itself sit under a src/ folder).
  const dist = fileURLToPath(here).replace(/([\\/])src([\\/])(?!.*[\\/]src[\\/])/, '$1dist$2');
  return new URL(`file://${dist}`);
}
