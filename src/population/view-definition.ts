import { stableId } from '../model/ids.js';
import type { JobRow } from '../ol-store/ol-store.types.js';

/**
 * Pure facts of view-definition population: the statement text a dictionary
 * definition is extracted as, and the OL job and runs it is recorded under
 * (one job for the dictionary's view definitions, one run per view version,
 * keyed by its LastAlterTimeStamp, so a re-read writes nothing new).
 */

/** OL_WATERMARK name: the LastAlterTimeStamp of the last view definition committed. */
export const VIEWS_WATERMARK = 'views';
export const VIEW_DEFINITIONS_JOB = 'view-definitions';
export const VIEW_PRODUCER = 'urn:lineage:population:views';
/** Run ids of view versions start with `view_` (the OL_* writer replaces their edges like DBQL's). */
const VIEW_RUN_PREFIX = 'view';

/** Failure reason codes of view definitions whose text could not be read (extraction failures keep the engine's codes). */
export const VIEW_FAILURE = {
  /** The name cannot be written into SHOW VIEW (control characters, quotes of another kind…). */
  nameInvalid: 'VIEW_NAME_INVALID',
  /** SHOW VIEW refused (no SHOW or other right on the view: Teradata 3523). */
  textDenied: 'VIEW_TEXT_DENIED',
  /** SHOW VIEW failed or returned no text, and RequestText is null. */
  textUnavailable: 'VIEW_TEXT_UNAVAILABLE',
} as const;

/** A version of a view: the same definition read again has the same key (extraction key, OL run). */
export function viewVersionKey(database: string, view: string, lastAlteredAt: Date): string {
  return `${database}.${view}`.toLowerCase() + `@${lastAlteredAt.toISOString()}`;
}

export function viewRunId(namespaceId: string, database: string, view: string, lastAlteredAt: Date): string {
  return stableId(VIEW_RUN_PREFIX, namespaceId, viewVersionKey(database, view, lastAlteredAt));
}

export function viewDefinitionsJob(namespaceId: string): JobRow {
  return {
    jobId: stableId('job', namespaceId, VIEW_DEFINITIONS_JOB),
    namespaceId,
    name: VIEW_DEFINITIONS_JOB,
    description: 'View definitions read from the Teradata dictionary (DBC.TablesV.RequestText, SHOW VIEW where it is cut)',
    jobType: 'VIEW_DEFINITION',
  };
}

/**
 * The statement a view's stored definition is extracted as: the dictionary's
 * text with its view named as the dictionary names it (a view renamed since,
 * or created unqualified, keeps its old name in the text), `CV` spelled out;
 * a text that is only the view's query becomes `REPLACE VIEW "db"."v" AS …`.
 */
export function viewStatement(database: string, view: string, text: string): string {
  const name = `${quoted(database)}.${quoted(view)}`;
  const start = skipTrivia(text, 0);
  const head = /^(?:(?:CREATE|REPLACE)\s+(?:RECURSIVE\s+)?VIEW|CV)(?![\p{L}\p{N}_$#@])/iu.exec(text.slice(start));
  if (!head) return `REPLACE VIEW ${name} AS ${text.slice(start)}`;
  const nameStart = skipTrivia(text, start + head[0].length);
  const nameEnd = endOfName(text, nameStart);
  if (nameEnd === nameStart) return text;
  const keyword = /^CV$/i.test(head[0]) ? 'CREATE VIEW' : head[0];
  return `${text.slice(0, start)}${keyword} ${name}${text.slice(nameEnd)}`;
}

/** For the parser only (never sent to the database): a double-quoted name, embedded quotes doubled. */
function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Index of the first character after blanks and comments from `at`. */
function skipTrivia(text: string, at: number): number {
  let i = at;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('--', i)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      return i;
    }
  }
}

const WORD = /[\p{L}\p{N}_$#@]/u;

/** Index after a possibly qualified name (`db.v`, `"My DB"."v"`, `v`) at `at`; `at` when there is none. */
function endOfName(text: string, at: number): number {
  let i = at;
  for (;;) {
    const partEnd = endOfPart(text, i);
    if (partEnd === i) return i === at ? at : i;
    i = partEnd;
    let j = i;
    while (j < text.length && /\s/.test(text[j])) j++;
    if (text[j] !== '.') return i;
    j++;
    while (j < text.length && /\s/.test(text[j])) j++;
    if (endOfPart(text, j) === j) return i;
    i = j;
  }
}

function endOfPart(text: string, at: number): number {
  if (text[at] === '"') {
    let i = at + 1;
    while (i < text.length) {
      if (text[i] === '"') {
        if (text[i + 1] === '"') i += 2;
        else return i + 1;
      } else i++;
    }
    return at;
  }
  let i = at;
  while (i < text.length && WORD.test(text[i])) i++;
  return i;
}
