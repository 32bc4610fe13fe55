import { createHash } from 'node:crypto';

/**
 * Cheap, parser-free facts about a statement's text: its fingerprint (the
 * text modulo literals, comments, whitespace and case) and whether it can
 * write lineage at all. Used to extract each distinct statement once per run
 * and to skip plain SELECTs without parsing them.
 */

export interface NormalizedStatement {
  /** Upper-case tokens separated by one space, literals as `?`, comments removed. */
  readonly normalized: string;
  /** sha256 of the normalized text, 32 hex characters. */
  readonly fingerprint: string;
}

const isIdentChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c === 35 || c > 127;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;

/** One pass over the text; literals become `?`, quoted identifiers keep their case. */
export function normalizeStatement(sql: string): string {
  const out: string[] = [];
  const n = sql.length;
  let i = 0;
  // Tokens are always separated by one space, so `a+b` and `a + b` normalize alike.
  const emit = (text: string): void => {
    out.push(text);
  };
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (isSpace(c)) {
      i++;
    } else if (c === 45 && sql.charCodeAt(i + 1) === 45) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
    } else if (c === 47 && sql.charCodeAt(i + 1) === 42) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === 39) {
      // 'string' with '' escapes; a prefix such as _UNICODE or a suffix XC stays a word around the `?`
      let j = i + 1;
      while (j < n) {
        if (sql.charCodeAt(j) === 39) {
          if (sql.charCodeAt(j + 1) === 39) j += 2;
          else break;
        } else j++;
      }
      emit('?');
      i = j + 1;
    } else if (c === 34) {
      const end = sql.indexOf('"', i + 1);
      const stop = end < 0 ? n : end + 1;
      emit(sql.slice(i, stop));
      i = stop;
    } else if (isDigit(c) || (c === 46 && isDigit(sql.charCodeAt(i + 1)))) {
      let j = i + 1;
      while (j < n && (isDigit(sql.charCodeAt(j)) || sql.charCodeAt(j) === 46)) j++;
      if (j < n && (sql.charCodeAt(j) === 69 || sql.charCodeAt(j) === 101) && (isDigit(sql.charCodeAt(j + 1)) || sql.charCodeAt(j + 1) === 45 || sql.charCodeAt(j + 1) === 43)) {
        j += 2;
        while (j < n && isDigit(sql.charCodeAt(j))) j++;
      }
      emit('?');
      i = j;
    } else if (isIdentChar(c)) {
      let j = i + 1;
      while (j < n && isIdentChar(sql.charCodeAt(j))) j++;
      emit(sql.slice(i, j).toUpperCase());
      i = j;
    } else {
      emit(sql[i]);
      i++;
    }
  }
  return out.join(' ');
}

export function fingerprintStatement(sql: string): NormalizedStatement {
  const normalized = normalizeStatement(sql);
  return { normalized, fingerprint: createHash('sha256').update(normalized).digest('hex').slice(0, 32) };
}

/**
 * What a statement can do to lineage:
 * - `select`: a plain query (SEL/SELECT, WITH … SELECT, LOCKING … SELECT): result-set lineage only;
 * - `write`: INSERT/MERGE/UPDATE (adds edges into existing tables);
 * - `define`: CREATE/REPLACE VIEW and CREATE TABLE … AS: the statement is the target's whole definition;
 * - `drop`: DROP TABLE / DROP VIEW: the target stops (its lineage ends at the statement's time);
 * - `none`: DDL without a query, utilities, transaction brackets, DELETE, CALL, grants…
 */
export type StatementKind = 'select' | 'write' | 'define' | 'drop' | 'none';

const WRITE_WORDS = new Set(['INSERT', 'INS', 'UPDATE', 'UPD', 'MERGE']);
const CREATE_WORDS = new Set(['CREATE', 'CT', 'REPLACE']);

/** Classifies normalized text (see normalizeStatement); a multi-statement request takes its strongest kind. */
export function classifyStatement(normalized: string): StatementKind {
  let best: StatementKind = 'none';
  for (const part of splitTopLevel(normalized)) {
    const kind = classifyOne(part);
    if (rank(kind) > rank(best)) best = kind;
  }
  return best;
}

function rank(kind: StatementKind): number {
  return kind === 'define' ? 4 : kind === 'write' ? 3 : kind === 'drop' ? 2 : kind === 'select' ? 1 : 0;
}

/** The table or view a DROP TABLE / DROP VIEW names, as written (`db.t`, `"My Db"."T"`); null for any other statement. */
export function droppedName(sql: string): string | null {
  const m = /^\s*(?:DROP)\s+(?:TABLE|VIEW)\s+((?:"(?:[^"]|"")+"|[A-Za-z_$#][\w$#]*)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[A-Za-z_$#][\w$#]*))?)/i.exec(sql.replace(/^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, ''));
  return m ? m[1].replace(/\s*\.\s*/, '.') : null;
}

/** Splits on `;` (normalized text has no literals or comments, quoted identifiers aside). */
function splitTopLevel(normalized: string): string[] {
  if (!normalized.includes(';')) return [normalized];
  return normalized
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function words(text: string, max: number): string[] {
  const out: string[] = [];
  const re = /[A-Z_][A-Z0-9_$#]*|\(/g;
  let m: RegExpExecArray | null;
  while (out.length < max && (m = re.exec(text)) !== null) out.push(m[0]);
  return out;
}

function classifyOne(text: string): StatementKind {
  let body = text.replace(/^[(\s]+/, '');
  // LOCKING ROW|TABLE|DATABASE|VIEW [name] FOR|IN ACCESS|READ|WRITE… [NOWAIT] — possibly repeated
  while (/^(LOCKING|LOCK)\b/.test(body)) {
    const m = /^(?:LOCKING|LOCK)\b.*?\b(?:FOR|IN)\s+(?:ACCESS|READ|WRITE|EXCLUSIVE|EXCL|SHARE|LOAD\s+COMMITTED|CHECKSUM)(?:\s+MODE)?(?:\s+NOWAIT)?\s*/.exec(body);
    if (!m) return 'none';
    body = body.slice(m[0].length).replace(/^[(\s]+/, '');
  }
  const first = words(body, 1)[0] ?? '';
  if (first === 'SEL' || first === 'SELECT') return 'select';
  if (first === 'DROP') {
    const what = words(body, 2)[1];
    return what === 'TABLE' || what === 'VIEW' ? 'drop' : 'none';
  }
  if (WRITE_WORDS.has(first)) return 'write';
  if (first === 'WITH') {
    return /\b(INSERT|INS|UPDATE|UPD|MERGE)\b/.test(body) ? 'write' : /\b(DELETE|DEL)\b/.test(body) ? 'none' : 'select';
  }
  if (CREATE_WORDS.has(first)) {
    const head = words(body, 12);
    if (head.includes('VIEW')) return 'define';
    const tableAt = head.indexOf('TABLE');
    if (tableAt >= 0 || first === 'CT') {
      return /\bAS[\s(]*(SEL|SELECT|WITH|LOCKING)\b/.test(body) ? 'define' : 'none';
    }
    return 'none';
  }
  return 'none';
}

/** The first words of a statement's text, for job names: `INSERT INTO sales.orders`. */
export function statementHead(sql: string, maxWords = 5): string {
  const head = sql
    .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ')
    .trim()
    .split(/\s+/)
    .slice(0, maxWords)
    .join(' ');
  return head.length > 120 ? `${head.slice(0, 119)}…` : head;
}
