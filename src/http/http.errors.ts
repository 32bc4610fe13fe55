import { AppError } from '../common/app-error.js';

/** A /api route (or the metrics scrape) called without a valid API key. The code predates the HTTP shell owning keys; clients match on it. */
export class ApiKeyRequiredError extends AppError {
  constructor(message: string) {
    super('LINEAGE_API_KEY_REQUIRED', 'unauthorized', message);
  }
}
