import { AppError, NODE_NOT_FOUND, VALIDATION_FAILED } from '../common/app-error.js';

/** A dataset or field the store does not hold: the one code every API answers 404 with. */
export class UsageNodeNotFoundError extends AppError {
  constructor(what: string) {
    super(NODE_NOT_FOUND, 'not_found', `${what} not found`);
  }
}

/** A query the service refuses after validation (a window ending before it starts…). */
export class UsageInvalidQueryError extends AppError {
  constructor(message: string) {
    super(VALIDATION_FAILED, 'invalid', message);
  }
}
