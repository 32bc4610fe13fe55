import { DEMO_TABLES } from './demo-warehouse.js';
import { rng } from '../../../common/seeded-random.js';

/**
 * A deterministic DBQL history of the demo warehouse, written the way ETL
 * tools (BTEQ scripts, Informatica, DataStage) and analysts write Teradata
 * SQL: abbreviations, LOCKING modifiers, volatile chains inside a session,
 * MERGE, UPDATE … FROM, REPLACE VIEW, repeated BI queries, failures, texts
 * longer than one DBQLSQLTbl row, and a few statements a parser may choke on.
 */

export interface DbqlHistoryRow {
  readonly queryId: number;
  readonly procId: number;
  readonly sessionId: number;
  readonly userName: string;
  readonly defaultDatabase: string;
  readonly startTime: Date;
  readonly firstRespTime: Date;
  /**
   * DBQL's CollectTimeStamp: the opening of the cache buffer of the session's
   * PE the row went into when the query completed (buffers flushed every
   * DBQLFLUSH_SECONDS; the two PEs' buffers open five minutes apart). Never
   * before StartTime's buffer, often minutes after StartTime, shared by every
   * row of one buffer.
   */
  readonly collectTime: Date;
  readonly statementType: string;
  readonly errorCode: number;
  readonly errorText: string | null;
  readonly appId: string;
  readonly sqlText: string;
  /** What DBQL object logging records for it (DBC.DBQLObjTbl rows); empty when the emulation logs none. */
  readonly objects: readonly DbqlObject[];
}

/**
 * One DBC.DBQLObjTbl row: an object the optimizer used for a query —
 * ObjectType 'Tab' (a table or view; DBQL logs a view and the base tables
 * behind it) or 'Col' (a column), and TypeOfUse, a bit mask (1 found in the
 * resolver, 2 accessed during processing, 4 in a condition, 8 in an inner
 * join condition, 16 in an outer join condition, 32 in a sum node, 64 in a
 * full outer join condition). Teradata Database Administration, "DBQLObjTbl".
 */
export interface DbqlObject {
  readonly database: string;
  readonly table: string;
  /** Null for a table row. */
  readonly column: string | null;
  readonly type: 'Tab' | 'Col';
  readonly typeOfUse: number;
}

/** DBQLFlushRate of the emulated system: Teradata's default, 600 s. */
export const DBQL_FLUSH_SECONDS = 600;
/** The emulated system's parsing engines (a session runs on one). */
const PROC_IDS = [30_719, 30_720];

/** The CollectTimeStamp of a row its PE collected at `completed`: the opening of that PE's buffer. */
function bufferOpening(procIndex: number, completed: number): Date {
  const period = DBQL_FLUSH_SECONDS * 1000;
  const offset = (procIndex * period) / PROC_IDS.length;
  return new Date(Math.floor((completed - offset) / period) * period + offset);
}

export interface DbqlMix {
  /** Share of repeated BI SELECTs (0..1). */
  readonly bi: number;
  /** Share of ETL statements (0..1). */
  readonly etl: number;
  /** Share of DDL and utility statements (0..1). */
  readonly ddl: number;
  /** Share of failed statements (ErrorCode ≠ 0), drawn before the others (0..1). */
  readonly failed: number;
  /** Pathological statements per 10,000. */
  readonly pathologicalPer10k: number;
}

export interface DbqlHistoryOptions {
  readonly statements: number;
  readonly seed?: number;
  /** First StartTime; the history spreads over `days` days from here. */
  readonly start?: Date;
  readonly days?: number;
  readonly mix?: Partial<DbqlMix>;
}

export const DEMO_HISTORY_START = new Date('2026-11-16T01:00:00Z');
export const DBQL_SQL_ROW_LENGTH = 31_000;
/** About 70 % repeated BI SELECTs, 25 % ETL (0.2–50 KB), 5 % DDL and utilities, 1 % failures, a few pathological. */
export const DEFAULT_DBQL_MIX: DbqlMix = { bi: 0.7, etl: 0.25, ddl: 0.05, failed: 0.01, pathologicalPer10k: 10 };

/** Splits SQL text into DBQLSQLTbl rows (SqlRowNo 1…n). */
export function splitSqlText(text: string, rowLength = DBQL_SQL_ROW_LENGTH): string[] {
  if (text.length <= rowLength) return [text];
  const rows: string[] = [];
  for (let i = 0; i < text.length; i += rowLength) rows.push(text.slice(i, i + rowLength));
  return rows;
}

interface Statement {
  readonly sql: string;
  readonly type: string;
  readonly user: string;
  readonly app: string;
  /** The objects DBQL object logging records (`db.table.column`, `?` suffix: read in a condition); BI SELECTs only. */
  readonly objects?: readonly string[];
  readonly defaultDatabase?: string;
  readonly error?: { code: number; text: string };
}

type Pick = <T>(items: readonly T[]) => T;

const REGIONS = ['EMEA', 'NA', 'APAC', 'LATAM'];
const CHANNELS = ['WEB', 'STORE', 'APP', 'PHONE'];
const SEGMENTS = ['GOLD', 'SILVER', 'BRONZE', 'NEW'];
const ANALYSTS = ['ANNA_BI', 'MARK_FIN', 'TABLEAU_SVC', 'POWERBI_SVC'];

function day(r: () => number): string {
  const d = new Date(Date.UTC(2026, 0, 1) + Math.floor(r() * 320) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

// --- ETL scripts: each is a session of statements ------------------------------------------

function customerLoad(pick: Pick, r: () => number): Statement[] {
  const batch = 1000 + Math.floor(r() * 9000);
  const u = 'ETL_BATCH';
  const app = 'BTEQ';
  return [
    { sql: `SET QUERY_BAND = 'Job=cust_load;Batch=${batch};' FOR SESSION;`, type: 'Set Query_Band', user: u, app },
    {
      sql: `CREATE VOLATILE TABLE vt_cust AS (
  SEL c.cust_no, TRIM(c.first_nm) AS first_nm, TRIM(c.last_nm) AS last_nm, LOWER(c.email_addr) AS email_addr, c.phone_no,
      c.birth_dt, c.gender_cd, s.segment_cd, s.segment_desc, c.source_system
  FROM stg_crm.customer_raw c
  LEFT JOIN stg_crm.segment_raw s ON s.cust_no = c.cust_no AND s.load_id = c.load_id
  WHERE c.load_id = ${batch}
  QUALIFY ROW_NUMBER() OVER (PARTITION BY c.cust_no ORDER BY c.updated_ts DESC) = 1
) WITH DATA PRIMARY INDEX (cust_no) ON COMMIT PRESERVE ROWS;`,
      type: 'Create Table',
      user: u,
      app,
    },
    {
      sql: `MERGE INTO core.customer tgt
USING vt_cust src
  ON tgt.customer_no = src.cust_no
WHEN MATCHED THEN UPDATE SET
  first_name = src.first_nm, last_name = src.last_nm, full_name = src.first_nm || ' ' || src.last_nm,
  email = src.email_addr, email_hash = HASHROW(src.email_addr), phone = src.phone_no,
  segment_code = src.segment_cd, segment_name = src.segment_desc, load_ts = CURRENT_TIMESTAMP(0)
WHEN NOT MATCHED THEN INSERT (customer_id, customer_no, first_name, last_name, full_name, email, email_hash, phone, birth_date, gender, segment_code, segment_name, is_active, valid_from, source_system, load_ts)
  VALUES (HASHBUCKET(HASHROW(src.cust_no)), src.cust_no, src.first_nm, src.last_nm, src.first_nm || ' ' || src.last_nm, src.email_addr, HASHROW(src.email_addr), src.phone_no,
          src.birth_dt, src.gender_cd, src.segment_cd, src.segment_desc, 'Y', CURRENT_TIMESTAMP(0), src.source_system, CURRENT_TIMESTAMP(0));`,
      type: 'Merge Into',
      user: u,
      app,
    },
    {
      // A permanent audit copy of the batch, read from the volatile table (lineage goes back to stg_crm).
      sql: `CT etl_work.cust_load_audit AS (SEL cust_no, email_addr, segment_cd, source_system, ${batch} AS load_id FROM vt_cust) WITH DATA PRIMARY INDEX (cust_no);`,
      type: 'Create Table',
      user: u,
      app,
    },
    {
      sql: `UPD c FROM core.customer c, stg_crm.segment_raw s
SET segment_code = s.segment_cd, segment_name = s.segment_desc
WHERE c.customer_no = s.cust_no AND s.load_id = ${batch};`,
      type: 'Update',
      user: u,
      app,
    },
    {
      sql: `UPDATE core.customer
SET age_band = CASE WHEN birth_date IS NULL THEN 'UNKNOWN'
                    WHEN birth_date > ADD_MONTHS(CURRENT_DATE, -12*25) THEN '<25'
                    WHEN birth_date > ADD_MONTHS(CURRENT_DATE, -12*45) THEN '25-44'
                    ELSE '45+' END
WHERE load_ts >= CURRENT_DATE;`,
      type: 'Update',
      user: u,
      app,
    },
    { sql: 'DROP TABLE vt_cust;', type: 'Drop Table', user: u, app },
  ];
}

function addressLoad(_pick: Pick, r: () => number): Statement[] {
  const batch = 1000 + Math.floor(r() * 9000);
  const u = 'ETL_BATCH';
  const app = 'BTEQ';
  return [
    { sql: 'DATABASE core;', type: 'Database', user: u, app },
    { sql: `DEL FROM customer_address WHERE address_type = 'HOME' AND load_ts < CURRENT_DATE - 1;`, type: 'Delete', user: u, app, defaultDatabase: 'core' },
    {
      sql: `INS customer_address
SEL c.customer_id, a.addr_type, TRIM(a.street_line1) || COALESCE(' ' || TRIM(a.street_line2), ''), a.city_nm, a.region_cd, a.postal_cd, a.country_cd,
    a.valid_from, a.valid_to, CURRENT_TIMESTAMP(0)
FROM stg_crm.address_raw a
JOIN customer c ON c.customer_no = a.cust_no
WHERE a.load_id = ${batch} AND a.valid_to IS NULL;`,
      type: 'Insert',
      user: u,
      app,
      defaultDatabase: 'core',
    },
    {
      sql: `INSERT INTO customer_consent (customer_id, channel_code, has_consent, consent_ts, load_ts)
SELECT c.customer_id, k.channel_cd, CASE WHEN k.opt_out_flag = 'Y' THEN 'N' ELSE k.consent_flag END, k.consent_ts, CURRENT_TIMESTAMP(0)
FROM stg_crm.contact_raw k
INNER JOIN customer c ON c.customer_no = k.cust_no
WHERE k.load_id = ${batch};`,
      type: 'Insert',
      user: u,
      app,
      defaultDatabase: 'core',
    },
    { sql: 'COLLECT STATISTICS COLUMN (customer_id) ON core.customer_address;', type: 'Collect Statistics', user: u, app, defaultDatabase: 'core' },
  ];
}

function orderLoad(_pick: Pick, r: () => number): Statement[] {
  const batch = 1000 + Math.floor(r() * 9000);
  const u = 'INFA_SVC';
  const app = 'Informatica';
  return [
    { sql: 'BT;', type: 'Begin Transaction', user: u, app },
    {
      sql: `CREATE VOLATILE TABLE vt_orders AS (
  SELECT h.order_no, h.cust_no, h.store_cd, h.order_ts, CAST(h.order_ts AS DATE) AS order_date, h.channel_cd, h.currency_cd, h.order_status,
         h.promo_cd, h.total_amt, h.tax_amt, h.ship_amt, h.total_amt - h.tax_amt - h.ship_amt AS net_amt
  FROM stg_sales.order_header_raw h
  WHERE h.load_id = ${batch} AND h.order_status <> 'TEST'
) WITH DATA ON COMMIT PRESERVE ROWS;`,
      type: 'Create Table',
      user: u,
      app,
    },
    {
      sql: `INSERT INTO core.sales_order (order_id, order_no, customer_id, store_id, promotion_id, order_date, order_ts, channel_code, currency_code, order_status,
  gross_amount, tax_amount, shipping_amount, net_amount, net_amount_eur, load_ts)
SELECT ROW_NUMBER() OVER (ORDER BY o.order_no) + COALESCE((SEL MAX(order_id) FROM core.sales_order), 0), o.order_no, c.customer_id, s.store_id, p.promotion_id,
       o.order_date, o.order_ts, o.channel_cd, o.currency_cd, o.order_status, o.total_amt, o.tax_amt, o.ship_amt, o.net_amt,
       o.net_amt * COALESCE(fx.rate_to_eur, 1), CURRENT_TIMESTAMP(0)
FROM vt_orders o
LEFT JOIN core.customer c ON c.customer_no = o.cust_no
LEFT JOIN core.store s ON s.store_code = o.store_cd
LEFT JOIN core.promotion p ON p.promo_code = o.promo_cd
LEFT JOIN core.currency_rate fx ON fx.currency_code = o.currency_cd AND fx.rate_date = o.order_date;`,
      type: 'Insert',
      user: u,
      app,
    },
    {
      sql: `INS INTO core.sales_order_line
SEL so.order_id, l.line_no, p.product_id, l.qty, l.unit_price, ZEROIFNULL(l.discount_amt), l.qty * l.unit_price - ZEROIFNULL(l.discount_amt),
    (l.unit_price - p.cost_price) * l.qty - ZEROIFNULL(l.discount_amt), l.line_status, CURRENT_TIMESTAMP(0)
FROM stg_sales.order_line_raw l
JOIN core.sales_order so ON so.order_no = l.order_no
LEFT JOIN core.product p ON p.sku = l.sku
WHERE l.load_id = ${batch};`,
      type: 'Insert',
      user: u,
      app,
    },
    { sql: 'ET;', type: 'End Transaction', user: u, app },
  ];
}

function productLoad(): Statement[] {
  const u = 'INFA_SVC';
  const app = 'Informatica';
  return [
    {
      sql: `LOCKING TABLE stg_sales.product_raw FOR ACCESS
MERGE INTO core.product AS t
USING (SELECT sku, product_nm, category_cd, brand_nm, list_price, cost_price, launch_dt, discontinued_flag FROM stg_sales.product_raw) AS s
ON t.sku = s.sku
WHEN MATCHED THEN UPDATE SET product_name = s.product_nm, list_price = s.list_price, cost_price = s.cost_price,
  margin_pct = CASE WHEN s.list_price = 0 THEN NULL ELSE (s.list_price - s.cost_price) / s.list_price END, is_discontinued = s.discontinued_flag
WHEN NOT MATCHED THEN INSERT (product_id, sku, product_name, category_code, brand, list_price, cost_price, margin_pct, launch_date, is_discontinued, load_ts)
VALUES (HASHBUCKET(HASHROW(s.sku)), s.sku, s.product_nm, s.category_cd, s.brand_nm, s.list_price, s.cost_price,
  CASE WHEN s.list_price = 0 THEN NULL ELSE (s.list_price - s.cost_price) / s.list_price END, s.launch_dt, s.discontinued_flag, CURRENT_TIMESTAMP(0));`,
      type: 'Merge Into',
      user: u,
      app,
    },
    {
      sql: `INSERT INTO core.store (store_id, store_code, store_name, city, region_code, country_code, open_date, floor_sqm, load_ts)
SELECT CAST(SUBSTR(store_cd, 2) AS INTEGER), store_cd, store_nm, city_nm, region_cd, country_cd, open_dt, sqm, CURRENT_TIMESTAMP(0)
FROM stg_sales.store_raw r
WHERE NOT EXISTS (SELECT 1 FROM core.store s WHERE s.store_code = r.store_cd);`,
      type: 'Insert',
      user: u,
      app,
    },
    {
      sql: `INSERT INTO core.promotion SELECT HASHBUCKET(HASHROW(promo_cd)), promo_cd, promo_nm, discount_pct, start_dt, end_dt, CURRENT_TIMESTAMP(0) FROM stg_sales.promotion_raw;`,
      type: 'Insert',
      user: u,
      app,
    },
  ];
}

function paymentLoad(_pick: Pick, r: () => number): Statement[] {
  const batch = 1000 + Math.floor(r() * 9000);
  const u = 'DSTAGE_SVC';
  const app = 'DataStage';
  return [
    {
      sql: `INSERT INTO core.payment (payment_id, payment_ref, order_id, payment_ts, payment_method, amount, currency_code, amount_eur, card_last4_masked, payment_status, load_ts)
SELECT HASHBUCKET(HASHROW(p.payment_ref)), p.payment_ref, so.order_id, p.payment_ts, p.method_cd, p.amount, p.currency_cd,
       p.amount * COALESCE(fx.rate_to_eur, 1.0), OTRANSLATE(p.card_last4, '0123456789', 'XXXXXXXXXX'), p.status_cd, CURRENT_TIMESTAMP(0)
FROM stg_sales.payment_raw p
LEFT JOIN core.sales_order so ON so.order_no = p.order_no
LEFT JOIN core.currency_rate fx ON fx.currency_code = p.currency_cd AND fx.rate_date = CAST(p.payment_ts AS DATE)
WHERE p.load_id = ${batch};`,
      type: 'Insert',
      user: u,
      app,
    },
    {
      sql: `INSERT INTO core.gl_journal_entry (journal_id, line_no, gl_account_id, posting_date, order_id, payment_id, debit_amount, credit_amount, currency_code, description, load_ts)
SELECT p.payment_id, 1, a.gl_account_id, CAST(p.payment_ts AS DATE), p.order_id, p.payment_id, p.amount_eur, 0, 'EUR', 'Payment ' || p.payment_ref, CURRENT_TIMESTAMP(0)
FROM core.payment p
CROSS JOIN core.gl_account a
WHERE a.account_no = '1200' AND p.load_ts >= CURRENT_DATE;`,
      type: 'Insert',
      user: u,
      app,
    },
  ];
}

function martRefresh(pick: Pick, r: () => number): Statement[] {
  const u = 'ETL_BATCH';
  const app = 'BTEQ';
  const d = day(r);
  const scripts: Statement[][] = [
    [
      { sql: 'DELETE FROM mart_sales.customer_360 ALL;', type: 'Delete', user: u, app },
      {
        sql: `INSERT INTO mart_sales.customer_360
WITH orders AS (
  SELECT customer_id, MIN(order_date) AS first_order_date, MAX(order_date) AS last_order_date, COUNT(*) AS order_count, SUM(net_amount_eur) AS ltv
  FROM core.sales_order
  WHERE order_status <> 'CANCELLED'
  GROUP BY customer_id
), consent AS (
  SELECT customer_id, MAX(has_consent) AS has_consent FROM core.customer_consent GROUP BY customer_id
)
SELECT c.customer_id, c.customer_no, c.full_name, c.email_hash, c.segment_name, a.city, a.country_code,
       o.first_order_date, o.last_order_date, o.order_count, o.ltv, o.ltv / NULLIFZERO(o.order_count), COALESCE(k.has_consent, 'N'),
       RANK() OVER (ORDER BY o.ltv DESC), CURRENT_TIMESTAMP(0)
FROM core.customer c
LEFT JOIN core.customer_address a ON a.customer_id = c.customer_id AND a.address_type = 'HOME'
LEFT JOIN orders o ON o.customer_id = c.customer_id
LEFT JOIN consent k ON k.customer_id = c.customer_id
WHERE c.is_active = 'Y';`,
        type: 'Insert',
        user: u,
        app,
      },
    ],
    [
      { sql: `DEL FROM mart_sales.daily_sales WHERE sales_date = DATE '${d}';`, type: 'Delete', user: u, app },
      {
        sql: `INSERT INTO mart_sales.daily_sales (sales_date, store_id, channel_code, order_count, item_count, gross_amount_eur, net_amount_eur, margin_eur, refreshed_ts)
SELECT so.order_date, so.store_id, so.channel_code, COUNT(DISTINCT so.order_id), SUM(l.quantity), SUM(so.gross_amount * COALESCE(fx.rate_to_eur, 1)),
       SUM(l.line_amount * COALESCE(fx.rate_to_eur, 1)), SUM(l.line_margin), CURRENT_TIMESTAMP(0)
FROM core.sales_order so
JOIN core.sales_order_line l ON l.order_id = so.order_id
LEFT JOIN core.currency_rate fx ON fx.currency_code = so.currency_code AND fx.rate_date = so.order_date
WHERE so.order_date = DATE '${d}'
GROUP BY so.order_date, so.store_id, so.channel_code;`,
        type: 'Insert',
        user: u,
        app,
      },
    ],
    [
      {
        sql: `CREATE MULTISET VOLATILE TABLE vt_prod_month AS (
  SELECT TRUNC(so.order_date, 'MM') AS month_start, l.product_id, SUM(l.quantity) AS units, SUM(l.line_amount) AS revenue, SUM(l.line_margin) AS margin
  FROM core.sales_order_line l
  JOIN core.sales_order so ON so.order_id = l.order_id
  GROUP BY 1, 2
) WITH DATA ON COMMIT PRESERVE ROWS;`,
        type: 'Create Table',
        user: u,
        app,
      },
      {
        sql: `INSERT INTO mart_sales.product_performance
SELECT v.month_start, v.product_id, p.product_name, pc.category_name, v.units, v.revenue, v.margin,
       RANK() OVER (PARTITION BY v.month_start ORDER BY v.revenue DESC), CURRENT_TIMESTAMP(0)
FROM vt_prod_month v
JOIN core.product p ON p.product_id = v.product_id
LEFT JOIN core.product_category pc ON pc.category_code = p.category_code;`,
        type: 'Insert',
        user: u,
        app,
      },
      { sql: 'DROP TABLE vt_prod_month;', type: 'Drop Table', user: u, app },
    ],
    [
      {
        sql: `INSERT INTO mart_sales.store_sales_monthly (month_start, store_id, store_name, region_code, net_amount_eur, order_count, sales_per_sqm, refreshed_ts)
SELECT TRUNC(d.sales_date, 'MM'), d.store_id, s.store_name, s.region_code, SUM(d.net_amount_eur), SUM(d.order_count),
       SUM(d.net_amount_eur) / NULLIFZERO(MAX(s.floor_sqm)), CURRENT_TIMESTAMP(0)
FROM mart_sales.daily_sales d
JOIN core.store s ON s.store_id = d.store_id
GROUP BY 1, 2, 3, 4;`,
        type: 'Insert',
        user: u,
        app,
      },
    ],
    [
      {
        sql: `INSERT INTO mart_sales.customer_order_summary
SELECT customer_id, month_start, order_count, net_amount_eur,
       SUM(net_amount_eur) OVER (PARTITION BY customer_id ORDER BY month_start ROWS UNBOUNDED PRECEDING), CURRENT_TIMESTAMP(0)
FROM (
  SELECT customer_id, TRUNC(order_date, 'MM') AS month_start, COUNT(*) AS order_count, SUM(net_amount_eur) AS net_amount_eur
  FROM core.sales_order
  GROUP BY 1, 2
) AS m;`,
        type: 'Insert',
        user: u,
        app,
      },
    ],
    [
      {
        sql: `INSERT INTO mart_finance.revenue_by_month (month_start, channel_code, revenue_eur, tax_eur, refunds_eur, net_revenue_eur, refreshed_ts)
SELECT TRUNC(order_date, 'MM'), channel_code, SUM(gross_amount), SUM(tax_amount),
       SUM(CASE WHEN order_status = 'REFUNDED' THEN net_amount_eur ELSE 0 END),
       SUM(net_amount_eur) - SUM(CASE WHEN order_status = 'REFUNDED' THEN net_amount_eur ELSE 0 END), CURRENT_TIMESTAMP(0)
FROM core.sales_order
GROUP BY 1, 2;`,
        type: 'Insert',
        user: u,
        app,
      },
      {
        sql: `MERGE INTO mart_finance.gl_balance b
USING (
  SELECT d.fiscal_year, d.fiscal_period, j.gl_account_id, a.account_name, SUM(j.debit_amount) AS debit_total, SUM(j.credit_amount) AS credit_total
  FROM core.gl_journal_entry j
  JOIN core.date_dim d ON d.calendar_date = j.posting_date
  JOIN core.gl_account a ON a.gl_account_id = j.gl_account_id
  GROUP BY 1, 2, 3, 4
) s
ON b.fiscal_year = s.fiscal_year AND b.fiscal_period = s.fiscal_period AND b.gl_account_id = s.gl_account_id
WHEN MATCHED THEN UPDATE SET debit_total = s.debit_total, credit_total = s.credit_total, balance = s.debit_total - s.credit_total, refreshed_ts = CURRENT_TIMESTAMP(0)
WHEN NOT MATCHED THEN INSERT VALUES (s.fiscal_year, s.fiscal_period, s.gl_account_id, s.account_name, s.debit_total, s.credit_total, s.debit_total - s.credit_total, CURRENT_TIMESTAMP(0));`,
        type: 'Merge Into',
        user: u,
        app,
      },
      {
        sql: `CREATE MULTISET TABLE mart_finance.payment_reconciliation_new AS (
  SELECT so.order_id, so.order_no, so.net_amount_eur AS order_amount_eur, SUM(p.amount_eur) AS paid_amount_eur,
         so.net_amount_eur - ZEROIFNULL(SUM(p.amount_eur)) AS difference_eur, COUNT(p.payment_id) AS payment_count,
         CASE WHEN ABS(so.net_amount_eur - ZEROIFNULL(SUM(p.amount_eur))) < 0.01 THEN 'MATCHED' ELSE 'OPEN' END AS reconciliation_status,
         CURRENT_TIMESTAMP(0) AS refreshed_ts
  FROM core.sales_order so
  LEFT JOIN core.payment p ON p.order_id = so.order_id
  GROUP BY so.order_id, so.order_no, so.net_amount_eur
) WITH DATA PRIMARY INDEX (order_id);`,
        type: 'Create Table',
        user: u,
        app,
      },
      { sql: 'DROP TABLE mart_finance.payment_reconciliation;', type: 'Drop Table', user: u, app },
      { sql: 'RENAME TABLE mart_finance.payment_reconciliation_new TO mart_finance.payment_reconciliation;', type: 'Rename Table', user: u, app },
    ],
  ];
  return pick(scripts);
}

function viewDeploy(pick: Pick): Statement[] {
  const u = 'DBA_DEPLOY';
  const views = DEMO_TABLES.filter((t) => t.kind === 'V' && t.definition);
  const v = pick(views);
  return [{ sql: v.definition as string, type: 'Replace View', user: u, app: 'SQLA' }];
}

/**
 * DBQLObjTbl rows for a statement's columns (`db.table.column`, `?`: read in
 * a condition, `*`: every column): one 'Tab' row per table, one 'Col' row
 * per column with its uses OR-ed, as DBQL logs an object once per query.
 */
function dbqlObjects(columns: readonly string[]): DbqlObject[] {
  const tables = new Map<string, DbqlObject>();
  const cols = new Map<string, { database: string; table: string; column: string; use: number }>();
  for (const spec of columns) {
    const condition = spec.endsWith('?');
    const [database, table, column] = (condition ? spec.slice(0, -1) : spec).split('.');
    tables.set(`${database}.${table}`, { database, table, column: null, type: 'Tab', typeOfUse: 2 });
    const names = column === '*' ? (DEMO_TABLES.find((t) => t.database === database && t.name === table)?.columns.map((c) => c.name) ?? []) : [column];
    for (const name of names) {
      const key = `${database}.${table}.${name}`;
      const c = cols.get(key) ?? { database, table, column: name, use: 0 };
      c.use |= condition ? 4 : 2;
      cols.set(key, c);
    }
  }
  return [...tables.values(), ...[...cols.values()].map((c) => ({ database: c.database, table: c.table, column: c.column, type: 'Col' as const, typeOfUse: c.use }))];
}

// --- BI and ad-hoc selects: repeated text with different literals -------------------------

function biSelect(pick: Pick, r: () => number, template?: number): Statement {
  const user = pick(ANALYSTS);
  const app = user.endsWith('_SVC') ? (user.startsWith('TABLEAU') ? 'Tableau' : 'PowerBI') : 'SQLA';
  // each shape with the columns DBQL object logging records for it (`?`: in a condition); a view adds the columns behind it
  const templates: [() => string, string[]][] = [
    [() => `SELECT TOP ${pick([10, 50, 100])} c.full_name, c.segment_name, c.lifetime_value_eur FROM mart_sales.customer_360 c WHERE c.country_code = '${pick(['DE', 'FR', 'US', 'GB'])}' ORDER BY c.lifetime_value_eur DESC;`,
      ['mart_sales.customer_360.full_name', 'mart_sales.customer_360.segment_name', 'mart_sales.customer_360.lifetime_value_eur', 'mart_sales.customer_360.country_code?']],
    [() => `SEL sales_date, SUM(net_amount_eur) AS net, SUM(order_count) AS orders FROM mart_sales.daily_sales WHERE sales_date BETWEEN DATE '${day(r)}' AND DATE '${day(r)}' GROUP BY 1 ORDER BY 1;`,
      ['mart_sales.daily_sales.sales_date', 'mart_sales.daily_sales.net_amount_eur', 'mart_sales.daily_sales.order_count', 'mart_sales.daily_sales.sales_date?']],
    [() => `LOCKING ROW FOR ACCESS SELECT region_code, month_start, net_amount_eur FROM mart_sales.v_sales_by_region WHERE region_code = '${pick(REGIONS)}';`,
      ['mart_sales.v_sales_by_region.region_code', 'mart_sales.v_sales_by_region.month_start', 'mart_sales.v_sales_by_region.net_amount_eur', 'mart_sales.v_sales_by_region.region_code?']],
    [() => `SELECT p.product_name (TITLE 'Product'), p.revenue_eur (FORMAT 'ZZZ,ZZZ,ZZ9.99') (TITLE 'Revenue') FROM mart_sales.product_performance p WHERE p.month_start = DATE '${day(r)}' QUALIFY RANK() OVER (ORDER BY p.revenue_eur DESC) <= ${pick([5, 10, 20])};`,
      ['mart_sales.product_performance.product_name', 'mart_sales.product_performance.revenue_eur', 'mart_sales.product_performance.month_start?', 'mart_sales.product_performance.revenue_eur?']],
    [() => `SELECT channel_code, revenue_ytd_eur FROM mart_finance.v_revenue_ytd WHERE fiscal_year = ${pick([2025, 2026])} AND channel_code = '${pick(CHANNELS)}';`,
      ['mart_finance.v_revenue_ytd.channel_code', 'mart_finance.v_revenue_ytd.revenue_ytd_eur', 'mart_finance.v_revenue_ytd.fiscal_year?', 'mart_finance.v_revenue_ytd.channel_code?']],
    [() => `SELECT * FROM mart_sales.customer_360 SAMPLE ${pick([100, 1000])};`, ['mart_sales.customer_360.*']],
    [() => `SEL customer_id, full_name FROM mart_sales.v_active_customers WHERE segment_name = '${pick(SEGMENTS)}';`,
      ['mart_sales.v_active_customers.customer_id', 'mart_sales.v_active_customers.full_name', 'mart_sales.v_active_customers.segment_name?']],
    [() => `SELECT so.order_no, so.order_date (FORMAT 'YYYY-MM-DD'), so.net_amount_eur FROM core.sales_order so WHERE so.customer_id = ${Math.floor(r() * 100000)} AND so.order_status = 'SHIPPED';`,
      ['core.sales_order.order_no', 'core.sales_order.order_date', 'core.sales_order.net_amount_eur', 'core.sales_order.customer_id?', 'core.sales_order.order_status?']],
    [() => `WITH t AS (SELECT store_id, SUM(net_amount_eur) AS net FROM mart_sales.daily_sales WHERE sales_date >= DATE '${day(r)}' GROUP BY store_id) SELECT s.store_name, t.net FROM t JOIN core.store s ON s.store_id = t.store_id ORDER BY t.net DESC;`,
      ['mart_sales.daily_sales.store_id', 'mart_sales.daily_sales.net_amount_eur', 'mart_sales.daily_sales.sales_date?', 'mart_sales.daily_sales.store_id?', 'core.store.store_name', 'core.store.store_id?']],
  ];
  const [make, objects] = template === undefined ? pick(templates) : templates[template % templates.length];
  return { sql: make(), type: 'Select', user, app, objects };
}

/** How many BI query shapes biSelect knows (each repeated with other literals). */
const BI_TEMPLATES = 9;

function biSession(pick: Pick, r: () => number): Statement[] {
  return Array.from({ length: BI_TEMPLATES }, (_, i) => biSelect(pick, r, i));
}

function ddlOrUtility(pick: Pick, r: () => number): Statement {
  const u = pick(['DBA_DEPLOY', 'ETL_BATCH']);
  const t = pick(DEMO_TABLES.filter((x) => x.kind === 'T'));
  const options: Statement[] = [
    { sql: `COLLECT STATISTICS COLUMN (${t.columns[0].name}) ON ${t.database}.${t.name};`, type: 'Collect Statistics', user: u, app: 'BTEQ' },
    { sql: `HELP COLUMN ${t.database}.${t.name}.*;`, type: 'Help', user: u, app: 'SQLA' },
    { sql: `SHOW TABLE ${t.database}.${t.name};`, type: 'Show', user: u, app: 'SQLA' },
    { sql: `CREATE MULTISET TABLE sandbox_tmp_${Math.floor(r() * 1000)} AS ${t.database}.${t.name} WITH NO DATA;`, type: 'Create Table', user: u, app: 'SQLA' },
    { sql: `CT ${t.database}_${t.name}_bkp AS ${t.database}.${t.name} WITH DATA;`, type: 'Create Table', user: u, app: 'BTEQ', defaultDatabase: 'core' },
    { sql: `DELETE ${t.database}.${t.name} ALL;`, type: 'Delete', user: u, app: 'BTEQ' },
  ];
  return pick(options);
}

function failed(pick: Pick): Statement {
  return pick<Statement>([
    { sql: 'INSERT INTO core.customer_bkp SELECT * FROM core.customer;', type: 'Insert', user: 'ETL_BATCH', app: 'BTEQ', error: { code: 3807, text: "Object 'core.customer_bkp' does not exist." } },
    { sql: 'SELEC customer_id FROM core.customer;', type: 'Unrecognized type', user: 'ANNA_BI', app: 'SQLA', error: { code: 3706, text: "Syntax error: expected something between the beginning of the request and the word 'SELEC'." } },
    { sql: 'INSERT INTO core.sales_order (order_id, order_no) VALUES (1, \'DUP-1\');', type: 'Insert', user: 'INFA_SVC', app: 'Informatica', error: { code: 2801, text: 'Duplicate unique prime key error in core.sales_order.' } },
    { sql: 'UPDATE mart_sales.customer_360 SET customer_rank = 0;', type: 'Update', user: 'MARK_FIN', app: 'SQLA', error: { code: 3523, text: 'The user does not have UPDATE access to mart_sales.customer_360.' } },
  ]);
}

/** A statement over 31,000 characters: a wide mapping with a long CASE, as generated mappings look. */
function longStatement(r: () => number, targetChars: number): Statement {
  const whens: string[] = [];
  let i = 0;
  while (whens.join('\n').length < targetChars) {
    whens.push(`    WHEN s.category_cd = 'C${String(i).padStart(5, '0')}' AND s.brand_nm LIKE '%B${Math.floor(r() * 1000)}%' THEN 'Department ${i % 97} / Category ${i}'`);
    i++;
  }
  return {
    sql: `INSERT INTO core.product_category (category_code, category_name, department_name, load_ts)
SELECT s.category_cd,
  CASE
${whens.join('\n')}
    ELSE 'Unknown'
  END,
  COALESCE(s.brand_nm, 'n/a'),
  CURRENT_TIMESTAMP(0)
FROM stg_sales.product_raw s
GROUP BY s.category_cd, s.brand_nm;`,
    type: 'Insert',
    user: 'INFA_SVC',
    app: 'Informatica',
  };
}

function pathological(pick: Pick): Statement {
  const union = Array.from({ length: 60 }, (_, i) => `SELECT customer_id, 'SRC${i}' AS src FROM mart_sales.customer_360 WHERE customer_rank = ${i}`).join('\nUNION ALL\n');
  let nested = 'SELECT customer_id FROM core.customer';
  for (let i = 0; i < 40; i++) nested = `SELECT customer_id FROM (${nested}) AS d${i}`;
  let deepCase = 'c.segment_code';
  for (let i = 0; i < 45; i++) deepCase = `CASE WHEN c.customer_id = ${i} THEN '${i}' ELSE ${deepCase} END`;
  return pick<Statement>([
    { sql: `INSERT INTO mart_sales.customer_360 (customer_id, customer_no)\n${union};`, type: 'Insert', user: 'ANNA_BI', app: 'SQLA' },
    { sql: `INSERT INTO mart_sales.customer_360 (customer_id) ${nested};`, type: 'Insert', user: 'ANNA_BI', app: 'SQLA' },
    { sql: `INSERT INTO mart_sales.customer_360 (customer_id, segment_name) SELECT c.customer_id, ${deepCase} FROM core.customer c;`, type: 'Insert', user: 'ANNA_BI', app: 'SQLA' },
  ]);
}

function biggerEtl(r: () => number, pick: Pick): Statement {
  // 0.2–50 KB ETL statements for benchmarks: long CASE mappings of varying size.
  const size = Math.floor(200 * Math.pow(250, r()));
  // A statement on its own in its session: never one that reads a volatile table created earlier in the
  // load (vt_orders), which its session would not have.
  return size > 2000 ? longStatement(r, size) : { ...pick(orderLoad(pick, r).filter((s) => s.type === 'Insert' && !/\bvt_orders\b/.test(s.sql))) };
}

/**
 * Generates the history. The same options always give the same rows.
 * Default mix (the demo): ETL sessions, repeated BI selects, utilities,
 * failures, two statements over 31,000 characters and a few pathological ones.
 */
export function generateDbqlHistory(options: DbqlHistoryOptions): DbqlHistoryRow[] {
  const r = rng(options.seed ?? 42);
  const pick: Pick = (items) => items[Math.floor(r() * items.length)];
  const mix = { ...DEFAULT_DBQL_MIX, ...options.mix };
  const start = options.start ?? DEMO_HISTORY_START;
  const days = options.days ?? 7;
  const total = options.statements;
  const spanMs = days * 86_400_000;
  const rows: DbqlHistoryRow[] = [];
  let sessionId = 10_000;
  let queryId = 307_199_000_000_000;
  let clock = start.getTime();
  const step = spanMs / Math.max(1, total);

  const push = (s: Statement, session: number) => {
    if (rows.length >= total) return;
    clock += Math.max(1, Math.floor(step * (0.5 + r())));
    const startTime = new Date(clock);
    const firstRespTime = new Date(clock + 5 + Math.floor(r() * 2000));
    const procIndex = session % PROC_IDS.length;
    rows.push({
      queryId: ++queryId,
      procId: PROC_IDS[procIndex],
      sessionId: session,
      userName: s.user,
      defaultDatabase: s.defaultDatabase ?? (s.user === 'ETL_BATCH' ? 'etl_work' : s.user.toLowerCase()),
      startTime,
      firstRespTime,
      collectTime: bufferOpening(procIndex, firstRespTime.getTime()),
      statementType: s.type,
      errorCode: s.error?.code ?? 0,
      errorText: s.error?.text ?? null,
      appId: s.app,
      sqlText: s.sql,
      objects: s.error ? [] : dbqlObjects(s.objects ?? []),
    });
  };

  const etlScripts: ((p: Pick, r: () => number) => Statement[])[] = [customerLoad, addressLoad, orderLoad, () => productLoad(), paymentLoad, martRefresh, (p) => viewDeploy(p)];
  // Fixed content first so even a small history holds every construct.
  const fixed: Statement[][] = [
    customerLoad(pick, r),
    addressLoad(pick, r),
    orderLoad(pick, r),
    productLoad(),
    paymentLoad(pick, r),
    ...[0, 1, 2, 3, 4, 5].map(() => martRefresh(pick, r)),
    ...DEMO_TABLES.filter((t) => t.kind === 'V').map((t) => [{ sql: t.definition as string, type: 'Replace View', user: 'DBA_DEPLOY', app: 'SQLA' }]),
    [longStatement(r, 40_000)],
    [longStatement(r, 70_000)],
    biSession(pick, r),
    [failed(pick), failed(pick)],
  ];
  const pathologicalAll: Statement[] = [0, 1, 2].map((i) => pathological(<T>(items: readonly T[]) => items[i]));
  if (total >= 200) fixed.push(pathologicalAll);
  for (const script of fixed) {
    const session = ++sessionId;
    for (const s of script) push(s, session);
  }
  const pathologicalEvery = mix.pathologicalPer10k > 0 ? Math.floor(10_000 / mix.pathologicalPer10k) : Number.POSITIVE_INFINITY;
  while (rows.length < total) {
    const x = r();
    const session = ++sessionId;
    if (rows.length % pathologicalEvery === 0 && rows.length > 0) {
      push(pathological(pick), session);
    } else if (r() < mix.failed) {
      push(failed(pick), session);
    } else if (x < mix.bi) {
      // BI tools keep a session open and run several queries in it.
      const n = 1 + Math.floor(r() * 4);
      for (let i = 0; i < n; i++) push(biSelect(pick, r), session);
    } else if (x < mix.bi + mix.etl) {
      if (r() < 0.3) push(biggerEtl(r, pick), session);
      else for (const s of pick(etlScripts)(pick, r)) push(s, session);
    } else if (x < mix.bi + mix.etl + mix.ddl) {
      push(ddlOrUtility(pick, r), session);
    } else {
      push(failed(pick), session);
    }
  }
  return redefinedMidway(rows, start.getTime() + spanMs / 2);
}

/**
 * The demo's view redefinition (issue 20: lineage as of an instant): until
 * halfway through the history, mart_sales.v_sales_by_region summed the daily
 * sales itself; then it was redefined over the monthly store sales (its
 * definition in the dictionary). The first plain BI query from halfway on
 * becomes that REPLACE VIEW (so nothing else of the history moves), and
 * every deployment of the view before it deploys the first definition.
 */
export const FIRST_SALES_BY_REGION =
  "REPLACE VIEW mart_sales.v_sales_by_region (region_code, month_start, net_amount_eur) AS LOCKING ROW FOR ACCESS SELECT s.region_code, TRUNC(d.sales_date, 'MM'), SUM(d.net_amount_eur) FROM mart_sales.daily_sales d JOIN core.store s ON s.store_id = d.store_id GROUP BY 1, 2;";

function redefinedMidway(rows: DbqlHistoryRow[], midway: number): DbqlHistoryRow[] {
  const current = DEMO_TABLES.find((t) => t.database === 'mart_sales' && t.name === 'v_sales_by_region')?.definition;
  const at = rows.findIndex((r) => r.startTime.getTime() >= midway && r.statementType === 'Select' && r.errorCode === 0);
  if (!current || at < 0) return rows;
  const when = rows[at].startTime.getTime();
  return rows.map((r, i) => {
    if (i === at) return { ...r, userName: 'DBA_DEPLOY', defaultDatabase: 'dba_deploy', appId: 'SQLA', statementType: 'Replace View', sqlText: current };
    return r.sqlText === current && r.startTime.getTime() < when ? { ...r, sqlText: FIRST_SALES_BY_REGION } : r;
  });
}
