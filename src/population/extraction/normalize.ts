/**
 * Teradata text → text the parser accepts, without changing what the
 * statement reads or writes. Works on tokens, so string literals, quoted
 * names and comments are never touched.
 */

export interface Token {
  readonly kind: 'word' | 'string' | 'quoted' | 'comment' | 'space' | 'symbol' | 'number';
  readonly text: string;
}

function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0xfeff || c === 0x2028 || c === 0x2029;
}

/** Letters, `_`, `$`, `#`, `@` and anything non-ASCII start a word. */
function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c === 35 || c === 64 || (c >= 128 && !isSpaceCode(c));
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57);
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (c === 45 && sql.charCodeAt(i + 1) === 45) {
      let j = sql.indexOf('\n', i);
      if (j < 0) j = n;
      tokens.push({ kind: 'comment', text: sql.slice(i, j) });
      i = j;
    } else if (c === 47 && sql.charCodeAt(i + 1) === 42) {
      let j = sql.indexOf('*/', i + 2);
      j = j < 0 ? n : j + 2;
      tokens.push({ kind: 'comment', text: sql.slice(i, j) });
      i = j;
    } else if (c === 39) {
      let j = i + 1;
      for (;;) {
        j = sql.indexOf("'", j);
        if (j < 0) {
          j = n;
          break;
        }
        if (sql.charCodeAt(j + 1) === 39) j += 2;
        else break;
      }
      tokens.push({ kind: 'string', text: sql.slice(i, j + 1) });
      i = j + 1;
    } else if (c === 34 || c === 96 || c === 91) {
      const close = c === 91 ? ']' : sql[i];
      let j = sql.indexOf(close, i + 1);
      j = j < 0 ? n : j;
      tokens.push({ kind: 'quoted', text: sql.slice(i, j + 1) });
      i = j + 1;
    } else if (isSpaceCode(c)) {
      let j = i + 1;
      while (j < n && isSpaceCode(sql.charCodeAt(j))) j++;
      tokens.push({ kind: 'space', text: sql.slice(i, j) });
      i = j;
    } else if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordPart(sql.charCodeAt(j))) j++;
      tokens.push({ kind: 'word', text: sql.slice(i, j) });
      i = j;
    } else if (c >= 48 && c <= 57) {
      let j = i + 1;
      for (; j < n; j++) {
        const d = sql.charCodeAt(j);
        if (!((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69)) break;
      }
      tokens.push({ kind: 'number', text: sql.slice(i, j) });
      i = j;
    } else {
      tokens.push({ kind: 'symbol', text: sql[i] });
      i++;
    }
  }
  return tokens;
}

/** Splits a script into statements at top-level semicolons. */
export function splitScript(sql: string): string[] {
  // Fast path (most DBQL texts): no semicolon, or only a final one.
  const last = sql.lastIndexOf(';');
  if (last < 0 || (sql.indexOf(';') === last && sql.slice(last + 1).trim() === '')) {
    const only = (last < 0 ? sql : sql.slice(0, last)).trim();
    return only === '' ? [] : [only];
  }
  const out: string[] = [];
  let current = '';
  for (const t of tokenize(sql)) {
    if (t.kind === 'symbol' && t.text === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else current += t.text;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

const ABBREVIATIONS: Record<string, string> = { SEL: 'SELECT', INS: 'INSERT', UPD: 'UPDATE', DEL: 'DELETE' };
const LOCK_MODES = new Set(['ACCESS', 'READ', 'WRITE', 'EXCLUSIVE', 'SHARE', 'LOAD', 'CHECKSUM']);

function isWord(t: Token | undefined, word: string): boolean {
  return t !== undefined && t.kind === 'word' && t.text.toUpperCase() === word;
}

/** Index of the next token that is not space or comment, from `i`. */
function next(tokens: readonly Token[], i: number): number {
  let j = i;
  while (j < tokens.length && (tokens[j].kind === 'space' || tokens[j].kind === 'comment')) j++;
  return j;
}

/** Index after the parenthesis group that opens at `i`. */
function skipGroup(tokens: readonly Token[], i: number): number {
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    if (tokens[j].kind !== 'symbol') continue;
    if (tokens[j].text === '(') depth++;
    else if (tokens[j].text === ')') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return tokens.length;
}

const DATA_TYPES = new Set(
  'CHAR CHARACTER VARCHAR CHARACTERS INTEGER INT SMALLINT BIGINT BYTEINT DECIMAL DEC NUMERIC NUMBER FLOAT REAL DOUBLE DATE TIME TIMESTAMP INTERVAL BYTE VARBYTE CLOB BLOB LONG GRAPHIC VARGRAPHIC PERIOD JSON XML'.split(' '),
);
/** Type names that are also values or function arguments on their own: `TRUNC(DATE)` is a call, not a conversion. */
const AMBIGUOUS_TYPES = new Set(['DATE', 'TIME', 'TIMESTAMP', 'CHAR', 'CHARACTER', 'INTERVAL']);
/** Words after which `(` opens an expression, a list or a subquery — not an attribute phrase. */
const NOT_AN_EXPRESSION_END = new Set(
  ('AS CAST TRYCAST IN VALUES EXISTS AND OR NOT SELECT SEL WHERE ON BY THEN ELSE WHEN OVER USING INTO TABLE VIEW FROM JOIN ' +
    'CASE WITH RETURNS SET UNION ALL MINUS EXCEPT INTERSECT ANY SOME HAVING QUALIFY INDEX TOP SAMPLE LIKE BETWEEN IS COLUMN COLUMNS').split(' '),
);

function lastSignificant(out: readonly Token[]): Token | undefined {
  for (let k = out.length - 1; k >= 0; k--) if (out[k].kind !== 'space' && out[k].kind !== 'comment') return out[k];
  return undefined;
}

/**
 * A Teradata attribute or data-type-conversion group after an expression —
 * `x (TITLE 'T')`, `x (FORMAT 'YYYY')`, `x (NAMED y)`, `x (DATE, FORMAT '…')`,
 * `x (CHAR(10))` — which the parser rejects or reads as a call of `x`. The
 * group goes; NAMED becomes an alias. Types only change the value's type,
 * not which columns it comes from. Returns null when the group is anything else.
 */
function attributeGroup(tokens: readonly Token[], open: number, out: readonly Token[]): { end: number; alias?: string; change: string } | null {
  const prev = lastSignificant(out);
  if (!prev) return null;
  const prevIsWord = prev.kind === 'word';
  if (prevIsWord && NOT_AN_EXPRESSION_END.has(prev.text.toUpperCase())) return null;
  if (!(prevIsWord || prev.kind === 'quoted' || prev.kind === 'string' || prev.kind === 'number' || (prev.kind === 'symbol' && prev.text === ')'))) return null;
  const end = skipGroup(tokens, open);
  // Items at depth 0, as significant tokens.
  const items: Token[][] = [[]];
  let depth = 0;
  for (let k = open + 1; k < end - 1; k++) {
    const tk = tokens[k];
    if (tk.kind === 'space' || tk.kind === 'comment') continue;
    if (tk.kind === 'symbol' && tk.text === '(') depth++;
    if (tk.kind === 'symbol' && tk.text === ')') depth--;
    if (depth === 0 && tk.kind === 'symbol' && tk.text === ',') items.push([]);
    else items[items.length - 1].push(tk);
  }
  let alias: string | undefined;
  let attributes = 0;
  let types = 0;
  let ambiguousOnly = true;
  for (const item of items) {
    const head = item[0];
    if (!head || (head.kind !== 'word' && head.kind !== 'quoted')) return null;
    const word = head.text.toUpperCase();
    if ((word === 'TITLE' || word === 'FORMAT') && item.length === 2 && item[1].kind === 'string') attributes++;
    else if (word === 'NAMED' && item.length === 2 && (item[1].kind === 'word' || item[1].kind === 'quoted' || item[1].kind === 'string')) {
      attributes++;
      alias = item[1].kind === 'string' ? `"${item[1].text.slice(1, -1).replace(/"/g, '')}"` : item[1].text;
    } else if (['UPPERCASE', 'CASESPECIFIC', 'CS'].includes(word) && item.length === 1) attributes++;
    else if (word === 'NOT' && item.length === 2 && ['CASESPECIFIC', 'CS'].includes(item[1].text.toUpperCase())) attributes++;
    else if (DATA_TYPES.has(word)) {
      types++;
      if (!AMBIGUOUS_TYPES.has(word) || item.length > 1) ambiguousOnly = false;
    } else return null;
  }
  if (attributes === 0) {
    // Types only: a conversion when written apart from the expression (`x (DATE)`) or unmistakably a type (`x(VARCHAR(20))`).
    if (types === 0) return null;
    const spaced = out.length > 0 && out[out.length - 1].kind === 'space';
    if (prevIsWord && !spaced && ambiguousOnly) return null;
  }
  const following = next(tokens, end);
  if (alias && isWord(tokens[following], 'AS')) alias = undefined;
  return { end, alias, change: attributes > 0 ? 'dropped attribute phrase (TITLE/FORMAT/NAMED …)' : 'dropped data type conversion (type) phrase' };
}

/** Index after a (possibly qualified, possibly quoted) name starting at `i`; -1 when there is none. */
function skipName(tokens: readonly Token[], i: number): number {
  let j = i;
  if (tokens[j]?.kind !== 'word' && tokens[j]?.kind !== 'quoted') return -1;
  j++;
  while (tokens[j]?.kind === 'symbol' && tokens[j].text === '.' && (tokens[j + 1]?.kind === 'word' || tokens[j + 1]?.kind === 'quoted')) j += 2;
  return j;
}

export interface Normalized {
  readonly sql: string;
  readonly changes: readonly string[];
}

/**
 * The normalisations (each recorded in `changes`):
 * - SEL/INS/UPD/DEL → SELECT/INSERT/UPDATE/DELETE; CT → CREATE TABLE at the start;
 * - INSERT without INTO gets INTO; `DELETE t ALL` → `DELETE FROM t`;
 * - LOCKING … FOR ACCESS modifiers are dropped (they change locks, not data);
 * - attribute phrases (TITLE '…'), (FORMAT '…'), (CASESPECIFIC) … are dropped, (NAMED x) becomes AS x;
 * - data type conversions `x (DATE, FORMAT '…')`, `x (CHAR(10))` are dropped (the parser reads them as calls);
 * - `_UNICODE'…'` introducers and `'…'XC` hex suffixes are dropped; SELECT NORMALIZE [ON …] → SELECT;
 * - `WITH DATA` options after CREATE TABLE … AS (…) stay; `AND STATISTICS` is dropped.
 */
export function normalizeTeradata(sql: string): Normalized {
  const tokens = tokenize(sql);
  const changes = new Set<string>();
  const out: Token[] = [];
  let statementStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'symbol' && t.text === ';') {
      statementStart = true;
      out.push(t);
      continue;
    }
    if (t.kind === 'word') {
      const upper = t.text.toUpperCase();
      // LOCKING [ROW|TABLE|DATABASE|VIEW] [name] FOR mode [MODE] [NOWAIT]
      if (upper === 'LOCKING' || (upper === 'LOCK' && statementStart)) {
        let j = i + 1;
        let found = -1;
        for (let k = 0; k < 12 && j < tokens.length; k++) {
          j = next(tokens, j);
          if (isWord(tokens[j], 'FOR')) {
            const m = next(tokens, j + 1);
            if (tokens[m] && tokens[m].kind === 'word' && LOCK_MODES.has(tokens[m].text.toUpperCase())) {
              let end = m + 1;
              const mode = next(tokens, end);
              if (isWord(tokens[mode], 'MODE')) end = mode + 1;
              const nowait = next(tokens, end);
              if (isWord(tokens[nowait], 'NOWAIT')) end = nowait + 1;
              found = end;
            }
            break;
          }
          j++;
        }
        if (found > 0) {
          changes.add('dropped LOCKING modifier');
          i = found - 1;
          continue;
        }
      }
      if (ABBREVIATIONS[upper]) {
        out.push({ kind: 'word', text: ABBREVIATIONS[upper] });
        changes.add(`${upper} → ${ABBREVIATIONS[upper]}`);
        if (upper === 'INS') {
          const j = next(tokens, i + 1);
          if (!isWord(tokens[j], 'INTO')) out.push({ kind: 'word', text: ' INTO' });
        }
        statementStart = false;
        continue;
      }
      if (statementStart && upper === 'CT') {
        out.push({ kind: 'word', text: 'CREATE TABLE' });
        changes.add('CT → CREATE TABLE');
        statementStart = false;
        continue;
      }
      if (statementStart && upper === 'INSERT') {
        out.push(t);
        const j = next(tokens, i + 1);
        if (tokens[j]?.kind === 'word' && !['INTO', 'OVERWRITE', 'IGNORE', 'ALL', 'FIRST', 'LOW_PRIORITY', 'HIGH_PRIORITY', 'DELAYED', 'OR'].includes(tokens[j].text.toUpperCase())) {
          out.push({ kind: 'word', text: ' INTO' });
          changes.add('INSERT → INSERT INTO');
        }
        statementStart = false;
        continue;
      }
      if (upper === 'ALL' && out.some((o) => isWord(o, 'DELETE'))) {
        const j = next(tokens, i + 1);
        if (j >= tokens.length || (tokens[j].kind === 'symbol' && tokens[j].text === ';')) {
          changes.add('DELETE … ALL → DELETE FROM …');
          const del = out.findIndex((o) => isWord(o, 'DELETE'));
          const after = next(out, del + 1);
          if (!isWord(out[after], 'FROM')) out.splice(del + 1, 0, { kind: 'word', text: ' FROM' });
          continue;
        }
      }
      if (upper === 'AND' && out.some((o) => isWord(o, 'DATA'))) {
        // WITH [NO] DATA AND [NO] STATISTICS|STATS|STAT
        let j = next(tokens, i + 1);
        if (isWord(tokens[j], 'NO')) j = next(tokens, j + 1);
        if (isWord(tokens[j], 'STATISTICS') || isWord(tokens[j], 'STATS') || isWord(tokens[j], 'STAT')) {
          i = j;
          changes.add('dropped AND STATISTICS');
          continue;
        }
      }
      // CREATE … TABLE name, NO LOG, NO FALLBACK, … AS / ( : table options go (they change storage, not data).
      if (upper === 'TABLE' && out.some((o) => isWord(o, 'CREATE'))) {
        const nameEnd = skipName(tokens, next(tokens, i + 1));
        const comma = next(tokens, nameEnd);
        if (nameEnd > 0 && tokens[comma]?.kind === 'symbol' && tokens[comma].text === ',') {
          let j = comma;
          while (j < tokens.length && !isWord(tokens[j], 'AS') && !(tokens[j].kind === 'symbol' && (tokens[j].text === '(' || tokens[j].text === ';'))) j++;
          if (isWord(tokens[j], 'AS')) {
            for (let k = i; k < nameEnd; k++) out.push(tokens[k]);
            out.push({ kind: 'space', text: ' ' });
            changes.add('dropped table options before AS');
            i = j - 1;
            statementStart = false;
            continue;
          }
        }
      }
      statementStart = false;
    }
    if (t.kind === 'symbol' && t.text === '(') {
      const phrase = attributeGroup(tokens, i, out);
      if (phrase) {
        changes.add(phrase.change);
        if (phrase.alias) out.push({ kind: 'word', text: ` AS ${phrase.alias}` });
        i = phrase.end - 1;
        continue;
      }
    }
    // _UNICODE'…' / _LATIN'…' character-set introducers and '…'XC / '…'XB hex suffixes: the literal stays, the decoration goes.
    if (t.kind === 'word' && t.text.startsWith('_') && tokens[i + 1]?.kind === 'string') {
      changes.add('dropped character-set introducer');
      continue;
    }
    if (t.kind === 'word' && /^X[A-Z]{0,3}$/i.test(t.text) && tokens[i - 1]?.kind === 'string') {
      changes.add('dropped hex literal suffix');
      continue;
    }
    // SELECT NORMALIZE [ON MEETS OR OVERLAPS]: period normalisation, same columns.
    if (isWord(t, 'NORMALIZE') && isWord(lastSignificant(out), 'SELECT')) {
      let j = i + 1;
      const on = next(tokens, j);
      if (isWord(tokens[on], 'ON')) {
        j = on + 1;
        for (;;) {
          const w = next(tokens, j);
          if (isWord(tokens[w], 'MEETS') || isWord(tokens[w], 'OVERLAPS') || isWord(tokens[w], 'OR')) j = w + 1;
          else break;
        }
      }
      changes.add('dropped NORMALIZE');
      i = j - 1;
      continue;
    }
    if (t.kind !== 'space' && t.kind !== 'comment') statementStart = false;
    // Comments go: the parser attaches them to neighbouring nodes, which hides column names.
    out.push(t.kind === 'comment' ? { kind: 'space', text: t.text.startsWith('--') ? '\n' : ' ' } : t);
  }
  return { sql: out.map((t) => t.text).join(''), changes: [...changes] };
}
