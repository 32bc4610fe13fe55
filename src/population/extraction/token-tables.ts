import { tokenize } from './normalize.js';

const IN_KEYWORDS = new Set(['FROM', 'JOIN', 'USING']);
const OUT_AFTER = new Set(['INTO', 'UPDATE', 'TABLE', 'VIEW', 'UPD']);

/**
 * Table-level lineage from tokens, for statements the parser rejects: names
 * after FROM/JOIN/USING are read, names after INTO/UPDATE/TABLE/VIEW are
 * written. Coarse, but better than nothing for an operator.
 */
export function tablesFromTokens(sql: string, defaultDatabase: string | null): { inTables: string[]; outTables: string[] } {
  const tokens = tokenize(sql).filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  const ins = new Set<string>();
  const outs = new Set<string>();
  const ctes = new Set<string>();
  const nameAt = (i: number): [string, number] | null => {
    const parts: string[] = [];
    let j = i;
    while (j < tokens.length && (tokens[j].kind === 'word' || tokens[j].kind === 'quoted')) {
      parts.push(tokens[j].text.replace(/^["`[]|["`\]]$/g, '').toLowerCase());
      if (tokens[j + 1]?.text === '.') j += 2;
      else break;
    }
    if (parts.length === 0) return null;
    const name = parts.length === 1 && defaultDatabase ? `${defaultDatabase}.${parts[0]}` : parts.join('.');
    return [name, j];
  };
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i].kind === 'word' ? tokens[i].text.toUpperCase() : '';
    if ((w === 'WITH' || tokens[i].text === ',') && tokens[i + 1]?.kind === 'word' && tokens[i + 2]?.kind === 'word' && tokens[i + 2].text.toUpperCase() === 'AS') ctes.add(tokens[i + 1].text.toLowerCase());
    if (!IN_KEYWORDS.has(w) && !OUT_AFTER.has(w)) continue;
    const next = tokens[i + 1];
    if (!next || next.text === '(') continue;
    if (w === 'TABLE' && !['CREATE', 'INTO', 'OVERWRITE', 'TEMPORARY', 'VOLATILE', 'MULTISET', 'SET', 'GLOBAL', 'TRUNCATE'].some((k) => tokens.slice(Math.max(0, i - 3), i).some((t) => t.text.toUpperCase() === k))) continue;
    const found = nameAt(i + 1);
    if (!found) continue;
    const [name] = found;
    if (ctes.has(name.split('.').pop() as string) || /^(select|sel|values|lateral|unnest|table|only)$/.test(name)) continue;
    (IN_KEYWORDS.has(w) ? ins : outs).add(name);
  }
  for (const o of outs) ins.delete(o);
  return { inTables: [...ins], outTables: [...outs] };
}
