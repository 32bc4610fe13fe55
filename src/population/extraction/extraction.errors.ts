import type { ExtractionError } from './extraction.types.js';

/** Input the engine cannot use (empty, not SQL, refused by the parser): the caller turns it into a result with a reason. */
export class ExtractionFailure extends Error {
  constructor(readonly error: ExtractionError) {
    super(error.message);
  }
}
