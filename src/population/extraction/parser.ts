import { getDialects, parse } from '@polyglot-sql/sdk';
import { ExtractionFailure } from './extraction.errors.js';
import type { Node } from './syntax-tree.js';

/** One statement through the polyglot parser, in the requested dialect (or the SDK's generic one). */

/** Common names of dialects the SDK spells differently. */
const DIALECT_ALIASES: Record<string, string> = { ansi: 'generic', postgres: 'postgresql', sparksql: 'spark', sqlserver: 'tsql', mssql: 'tsql', mariadb: 'mysql', impala: 'hive' };
let knownDialects: Set<string> | undefined;

/** The SDK's name for a dialect; `generic` when the SDK does not know it. */
function parserDialect(dialect: string): string {
  knownDialects ??= new Set(getDialects());
  const d = DIALECT_ALIASES[dialect.toLowerCase()] ?? dialect.toLowerCase();
  return knownDialects.has(d) ? d : 'generic';
}

function parseWith(sql: string, dialect: string): { success: boolean; ast?: unknown[]; error?: unknown } {
  try {
    return parse(sql, dialect as never) as { success: boolean; ast?: unknown[]; error?: unknown };
  } catch (err) {
    throw new ExtractionFailure({ code: 'EXTRACTION_PARSE_ERROR', message: (err as Error).message.slice(0, 500) });
  }
}

/** The syntax tree of one statement; throws ExtractionFailure (parse error, depth guard, several statements). */
export function parseStatement(sql: string, requested: string): Node {
  const dialect = parserDialect(requested);
  let result = parseWith(sql, dialect);
  // Another dialect's parser may be stricter than needed: try the generic one before giving up.
  if (!result.success && dialect !== 'generic' && dialect !== 'teradata') {
    const generic = parseWith(sql, 'generic');
    if (generic.success) result = generic;
  }
  if (!result.success) {
    const message = typeof result.error === 'string' ? result.error : JSON.stringify(result.error);
    const guard = /GUARD|depth/i.test(message);
    throw new ExtractionFailure({ code: guard ? 'EXTRACTION_DEPTH_GUARD' : 'EXTRACTION_PARSE_ERROR', message: message.slice(0, 500) });
  }
  const ast = result.ast ?? [];
  if (ast.length !== 1) throw new ExtractionFailure({ code: 'EXTRACTION_PARSE_ERROR', message: `expected one statement, found ${ast.length}` });
  return ast[0] as Node;
}
