import { AppError } from '../common/app-error.js';

export type MetricsErrorCode = 'API_KEY_MISSING' | 'API_KEY_INVALID';

/** 401 from /metrics when API_KEYS is set: the same rule and wording as the API. */
export class MetricsAccessError extends AppError {
  constructor(code: MetricsErrorCode) {
    super(
      code,
      'unauthorized',
      code === 'API_KEY_MISSING'
        ? 'An API key is required: send it in the X-API-Key header or as Authorization: Bearer <key>'
        : 'The API key is not valid',
    );
  }
}
