// Loaded with `node --import` by a CLI test: any import of a Nest package fails, so a command line that answers
// must have answered without loading Nest (the CLI's help, version and typo paths).
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@nestjs/')) throw new Error('forbidden in this test: ' + specifier);
  return next(specifier, context);
}`)}`,
);
