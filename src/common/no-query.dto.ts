/**
 * The query of a route that takes no query parameters. Declared (`@Query() _query: NoQueryDto`) so the
 * global ValidationPipe sees a class and, forbidding non-whitelisted properties, answers an unknown
 * parameter with 400 as on every other route instead of ignoring it.
 */
export class NoQueryDto {}
