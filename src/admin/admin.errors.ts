import { AppError } from '../common/app-error.js';

/** A POST whose `_csrf` field does not match the session's token (rendered as the 403 page). */
export class AdminCsrfError extends AppError {
  constructor() {
    super('ADMIN_CSRF_INVALID', 'forbidden', 'The form has expired or did not come from this site (missing or wrong CSRF token). Go back, reload the page and submit it again.');
  }
}

/** No signed-in session: pages redirect to the login form, /admin/api answers 401. */
export class AdminLoginRequiredError extends AppError {
  constructor() {
    super('ADMIN_LOGIN_REQUIRED', 'unauthorized', 'Sign in to the admin pages first');
  }
}

export class AdminInvalidInputError extends AppError {
  constructor(message: string) {
    super('ADMIN_INVALID_INPUT', 'invalid', message);
  }
}
