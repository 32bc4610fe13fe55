import { AppError, NODE_NOT_FOUND, VALIDATION_FAILED } from '../common/app-error.js';

export class LineageNodeNotFoundError extends AppError {
  constructor(what: string) {
    super(NODE_NOT_FOUND, 'not_found', `${what} not found`);
  }
}

/** No lineage index yet: the first build (or snapshot load) after start has not finished. */
export class LineageIndexNotReadyError extends AppError {
  constructor() {
    super('LINEAGE_INDEX_NOT_READY', 'unavailable', 'The lineage index is still being built after start-up; try again shortly (GET /health/ready says when it is ready)');
  }
}

/** A query the service refuses after the validation pipe passed it (maxDepth outside the configured bounds, a malformed nodeId…): the pipe's own code. */
export class LineageInvalidQueryError extends AppError {
  constructor(message: string) {
    super(VALIDATION_FAILED, 'invalid', message);
  }
}

