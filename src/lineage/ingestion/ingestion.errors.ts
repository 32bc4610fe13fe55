import { AppError } from '../../common/app-error.js';
import type { Violation } from './openlineage.types.js';

export enum IngestionErrorCode {
  /** The body is not a valid OpenLineage RunEvent (or array of them), or exceeds a size bound. → 400 */
  EventInvalid = 'LINEAGE_EVENT_INVALID',
}

/** 400 with `details: [{ path, message }]`, one entry per violation (JSON pointer into the body). */
export class OpenLineageEventInvalidError extends AppError {
  constructor(readonly violations: readonly Violation[]) {
    super(
      IngestionErrorCode.EventInvalid,
      'invalid',
      `The body is not a valid OpenLineage 2-0-2 RunEvent: ${violations.length} problem${violations.length === 1 ? '' : 's'}, first ${violations[0]?.path ?? '/'} ${violations[0]?.message ?? ''}`.trim(),
      violations,
    );
  }
}
