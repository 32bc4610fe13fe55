import { describe, expect, it } from 'vitest';
import { viewRunId, viewStatement, viewVersionKey } from './view-definition.js';

describe('viewStatement', () => {
  it('keeps a REPLACE VIEW text and names the view as the dictionary does', () => {
    expect(viewStatement('mart_sales', 'v_top', 'REPLACE VIEW mart_sales.v_top (a, b) AS LOCKING ROW FOR ACCESS SELECT x, y FROM mart_sales.p;')).toBe(
      'REPLACE VIEW "mart_sales"."v_top" (a, b) AS LOCKING ROW FOR ACCESS SELECT x, y FROM mart_sales.p;',
    );
  });

  it('replaces a name the text gives unqualified or under an old name (created from another default database, renamed since)', () => {
    expect(viewStatement('mart', 'v_new', 'CREATE VIEW v_old AS SELECT a FROM t')).toBe('CREATE VIEW "mart"."v_new" AS SELECT a FROM t');
    expect(viewStatement('mart', 'v', 'create   view\n  "Old DB" . "v ""x""" as sel a from t')).toBe('create   view "mart"."v" as sel a from t');
  });

  it('spells out CV and keeps RECURSIVE, comments before the head and the case of the keywords', () => {
    expect(viewStatement('d', 'v', 'CV d.v AS SEL a FROM t')).toBe('CREATE VIEW "d"."v" AS SEL a FROM t');
    expect(viewStatement('d', 'v', '/* deployed by CI */\n-- v2\nReplace Recursive View d.v (n) AS (SELECT 1)')).toBe(
      '/* deployed by CI */\n-- v2\nReplace Recursive View "d"."v" (n) AS (SELECT 1)',
    );
  });

  it('makes a definition holding only the view query a REPLACE VIEW of that view', () => {
    expect(viewStatement('core', 'v_c', '  LOCKING ROW FOR ACCESS SELECT id FROM core.customer')).toBe('REPLACE VIEW "core"."v_c" AS LOCKING ROW FOR ACCESS SELECT id FROM core.customer');
    expect(viewStatement('core', 'v_c', 'SEL id FROM customer')).toBe('REPLACE VIEW "core"."v_c" AS SEL id FROM customer');
  });

  it('doubles quotes in the names it writes, and does not take a word starting with CV for the abbreviation', () => {
    expect(viewStatement('d', 'my "v"', 'REPLACE VIEW d.x AS SELECT 1 AS a')).toBe('REPLACE VIEW "d"."my ""v""" AS SELECT 1 AS a');
    expect(viewStatement('d', 'v', 'CVS_EXPORT')).toBe('REPLACE VIEW "d"."v" AS CVS_EXPORT');
  });

  it('leaves a head without a name for the engine to reject', () => {
    expect(viewStatement('d', 'v', 'REPLACE VIEW (a) AS SELECT 1')).toBe('REPLACE VIEW (a) AS SELECT 1');
  });
});

describe('view versions', () => {
  it('are keyed by the view (any case) and its LastAlterTimeStamp', () => {
    const at = new Date('2026-01-05T08:00:00Z');
    expect(viewVersionKey('Mart', 'V_Top', at)).toBe('mart.v_top@2026-01-05T08:00:00.000Z');
    expect(viewRunId('ns', 'Mart', 'V_Top', at)).toBe(viewRunId('ns', 'mart', 'v_top', at));
    expect(viewRunId('ns', 'mart', 'v_top', at)).not.toBe(viewRunId('ns', 'mart', 'v_top', new Date(at.getTime() + 1000)));
    expect(viewRunId('ns', 'mart', 'v_top', at)).toMatch(/^view_[0-9a-f]{56}$/);
  });
});
