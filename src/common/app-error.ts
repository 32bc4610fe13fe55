/**
 * Base of every module's error classes. `code` is MODULE_REASON; the global
 * exception filter maps `kind` to an HTTP status in one exhaustive switch.
 */
export type ErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'unavailable' | 'internal';

/**
 * The one code of a request parameter (path, query) that is unknown, malformed or out of range, whether
 * the validation pipe or a service's own check (bounds from configuration, a node id's shape) finds it → 400.
 */
export const VALIDATION_FAILED = 'VALIDATION_FAILED';

/**
 * The one code of a request that names something the store does not hold (namespace, dataset, field,
 * job, run), on every API, whichever service finds it → 404. (A path that is no route answers NOT_FOUND.)
 */
export const NODE_NOT_FOUND = 'LINEAGE_NODE_NOT_FOUND';

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
