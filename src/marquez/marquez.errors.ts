import { AppError, NODE_NOT_FOUND, VALIDATION_FAILED } from '../common/app-error.js';

/** A namespace, dataset, job or run the store does not hold (404, the code of the lineage API's own not-found). */
export class MarquezNotFoundError extends AppError {
  constructor(what: string) {
    super(NODE_NOT_FOUND, 'not_found', `${what} not found`);
  }
}

/** A parameter the Marquez API cannot answer (400, the validation pipe's code); the message names it and what it accepts. */
export class MarquezInvalidQueryError extends AppError {
  constructor(message: string) {
    super(VALIDATION_FAILED, 'invalid', message);
  }
}
