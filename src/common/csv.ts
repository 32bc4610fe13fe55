/**
 * One CSV line (RFC 4180): each value quoted when it holds a comma, quote or
 * line break, and a leading = + - @ neutralised with a quote mark so a
 * spreadsheet opening the file does not run it as a formula.
 */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return values
    .map((value) => {
      const raw = value === null || value === undefined ? '' : String(value);
      const s = /^[=+\-@]/.test(raw) ? `'${raw}` : raw;
      return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',');
}
