import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import hbs from 'hbs';

/**
 * Registers the admin partials (views/partials/*.hbs, by file name) and the
 * few display helpers the templates use, on the same Handlebars instance
 * the 'hbs' view engine renders with. Synchronous, so the first request
 * finds them.
 */
export function registerAdminViews(viewsDir: string): void {
  const partials = join(viewsDir, 'partials');
  for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(file.slice(0, -4), readFileSync(join(partials, file), 'utf8'));
  }
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
}
