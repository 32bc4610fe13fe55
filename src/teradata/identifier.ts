import { InvalidIdentifierError } from './database.errors.js';

/**
 * Teradata object names that may go into SQL text where the engine takes no
 * bound parameter (`SHOW VIEW db.v`): 1–128 characters of letters, marks,
 * digits, blanks and `_ $ # @ - .`, plus `"` (doubled when quoted). No
 * control characters, no `;`, `'`, `\`, `/` or `*`: a name outside this
 * pattern is refused, never escaped into a statement.
 */
const IDENTIFIER = /^[\p{L}\p{M}\p{N}_$#@ .\-"]{1,128}$/u;

/** The name, when it is a valid identifier by the pattern above; InvalidIdentifierError otherwise. */
export function checkIdentifier(name: string): string {
  if (!IDENTIFIER.test(name) || name.trim() === '') throw new InvalidIdentifierError(name);
  return name;
}

/** `"name"` with embedded quotes doubled, after checkIdentifier: the one way a name enters SQL text. */
export function quoteIdentifier(name: string): string {
  return `"${checkIdentifier(name).replace(/"/g, '""')}"`;
}
