/**
 * Reading the polyglot syntax tree: a node is an object with one key naming
 * its variant (`{ select: {...} }`, `{ column: {...} }`) whose value holds the
 * fields. Identifiers come in several shapes; `identName` reads them all.
 */

export type Node = Record<string, unknown>;

/** The variant of a node (its only key), or undefined for a plain object or a value. */
export function key(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  return keys.length === 1 ? keys[0] : undefined;
}

/** The fields of a node (the value under its variant key), or the node itself when it has no variant. */
export function inner(node: unknown): Node {
  const k = key(node);
  return (k ? (node as Node)[k] : node) as Node;
}

export function identName(n: unknown): string | null {
  if (n === null || n === undefined) return null;
  if (typeof n === 'string') return n;
  const o = n as Node;
  if (typeof o.name === 'string') return o.name;
  if (o.name && typeof o.name === 'object') return identName(o.name);
  if (o.identifier) return identName(o.identifier);
  if (o.column) return identName((o.column as Node).name);
  if (typeof o.this === 'string') return o.this;
  return null;
}

export function lower(s: string): string {
  return s.toLowerCase();
}

/** The name a database gives an unaliased projection: a column, possibly under casts. */
export function inferredName(expr: unknown): string | null {
  let e = expr;
  for (let i = 0; i < 8; i++) {
    const k = key(e);
    const n = inner(e);
    if (k === 'column') return identName(n.name);
    if (k === 'dot') return identName(n.field);
    if (k === 'cast' || k === 'paren' || k === 'try_cast' || k === 'collate') e = n.this;
    else return null;
  }
  return null;
}
