/**
 * The demo warehouse: a medallion layout (staging → core → marts) in
 * Teradata-style databases, described as data. The loader turns it into
 * DBC.TablesV / DBC.ColumnsV rows; the DBQL generator writes SQL against it.
 */

export interface DemoColumn {
  readonly name: string;
  /** Teradata type as written in DDL, e.g. VARCHAR(100), DECIMAL(18,2). */
  readonly type: string;
  readonly nullable: boolean;
}

export interface DemoTable {
  readonly database: string;
  readonly name: string;
  readonly kind: 'T' | 'V';
  readonly comment: string;
  readonly columns: readonly DemoColumn[];
  /** View definition (CREATE VIEW text) for kind V. */
  readonly definition?: string;
}

function cols(spec: string): DemoColumn[] {
  return spec
    .split(/,\s*(?![^()]*\))/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [name, ...rest] = part.split(/\s+/);
      const notNull = /NOT NULL$/i.test(part);
      return { name, type: rest.join(' ').replace(/\s*NOT NULL$/i, ''), nullable: !notNull };
    });
}

function table(database: string, name: string, comment: string, spec: string): DemoTable {
  return { database, name, kind: 'T', comment, columns: cols(spec) };
}

function view(database: string, name: string, comment: string, spec: string, select: string): DemoTable {
  const columns = cols(spec);
  return {
    database,
    name,
    kind: 'V',
    comment,
    columns,
    definition: `REPLACE VIEW ${database}.${name} (${columns.map((c) => c.name).join(', ')}) AS LOCKING ROW FOR ACCESS ${select};`,
  };
}

export const DEMO_DATABASES = ['stg_crm', 'stg_sales', 'core', 'mart_sales', 'mart_finance'] as const;

export const DEMO_TABLES: readonly DemoTable[] = [
  // Staging: raw extracts as landed by the ETL tool
  table('stg_crm', 'customer_raw', 'CRM customer extract', 'cust_no VARCHAR(20) NOT NULL, first_nm VARCHAR(100), last_nm VARCHAR(100), email_addr VARCHAR(255), phone_no VARCHAR(40), birth_dt DATE, gender_cd CHAR(1), segment_cd VARCHAR(10), created_ts TIMESTAMP(0), updated_ts TIMESTAMP(0), source_system VARCHAR(20), load_id INTEGER'),
  table('stg_crm', 'address_raw', 'CRM addresses', 'cust_no VARCHAR(20) NOT NULL, addr_type CHAR(4), street_line1 VARCHAR(200), street_line2 VARCHAR(200), city_nm VARCHAR(100), region_cd VARCHAR(10), postal_cd VARCHAR(20), country_cd CHAR(2), valid_from DATE, valid_to DATE, load_id INTEGER'),
  table('stg_crm', 'contact_raw', 'Marketing contacts and consents', 'cust_no VARCHAR(20) NOT NULL, channel_cd VARCHAR(10), consent_flag CHAR(1), consent_ts TIMESTAMP(0), opt_out_flag CHAR(1), load_id INTEGER'),
  table('stg_crm', 'segment_raw', 'Segment assignments from the CRM', 'cust_no VARCHAR(20) NOT NULL, segment_cd VARCHAR(10), segment_desc VARCHAR(100), score DECIMAL(9,4), assigned_dt DATE, load_id INTEGER'),
  table('stg_sales', 'order_header_raw', 'Order headers from the web shop and stores', 'order_no VARCHAR(30) NOT NULL, cust_no VARCHAR(20), store_cd VARCHAR(10), order_ts TIMESTAMP(0), channel_cd VARCHAR(10), currency_cd CHAR(3), order_status VARCHAR(20), promo_cd VARCHAR(20), total_amt DECIMAL(18,2), tax_amt DECIMAL(18,2), ship_amt DECIMAL(18,2), load_id INTEGER'),
  table('stg_sales', 'order_line_raw', 'Order lines', 'order_no VARCHAR(30) NOT NULL, line_no INTEGER NOT NULL, sku VARCHAR(30), qty INTEGER, unit_price DECIMAL(18,2), discount_amt DECIMAL(18,2), line_status VARCHAR(20), load_id INTEGER'),
  table('stg_sales', 'product_raw', 'Product master extract', 'sku VARCHAR(30) NOT NULL, product_nm VARCHAR(200), category_cd VARCHAR(20), brand_nm VARCHAR(100), list_price DECIMAL(18,2), cost_price DECIMAL(18,2), launch_dt DATE, discontinued_flag CHAR(1), load_id INTEGER'),
  table('stg_sales', 'payment_raw', 'Payments from the payment provider', 'payment_ref VARCHAR(40) NOT NULL, order_no VARCHAR(30), payment_ts TIMESTAMP(0), method_cd VARCHAR(10), amount DECIMAL(18,2), currency_cd CHAR(3), card_last4 CHAR(4), status_cd VARCHAR(10), load_id INTEGER'),
  table('stg_sales', 'store_raw', 'Store master', 'store_cd VARCHAR(10) NOT NULL, store_nm VARCHAR(100), city_nm VARCHAR(100), region_cd VARCHAR(10), country_cd CHAR(2), open_dt DATE, sqm INTEGER, load_id INTEGER'),
  table('stg_sales', 'promotion_raw', 'Promotions', 'promo_cd VARCHAR(20) NOT NULL, promo_nm VARCHAR(100), discount_pct DECIMAL(5,2), start_dt DATE, end_dt DATE, load_id INTEGER'),
  // Core: integrated, conformed model
  table('core', 'customer', 'Integrated customer', 'customer_id INTEGER NOT NULL, customer_no VARCHAR(20) NOT NULL, first_name VARCHAR(100), last_name VARCHAR(100), full_name VARCHAR(201), email VARCHAR(255), email_hash CHAR(64), phone VARCHAR(40), birth_date DATE, age_band VARCHAR(10), gender CHAR(1), segment_code VARCHAR(10), segment_name VARCHAR(100), is_active CHAR(1), valid_from TIMESTAMP(0), valid_to TIMESTAMP(0), source_system VARCHAR(20), load_ts TIMESTAMP(0)'),
  table('core', 'customer_address', 'Customer addresses (current)', 'customer_id INTEGER NOT NULL, address_type CHAR(4) NOT NULL, street VARCHAR(401), city VARCHAR(100), region_code VARCHAR(10), postal_code VARCHAR(20), country_code CHAR(2), valid_from DATE, valid_to DATE, load_ts TIMESTAMP(0)'),
  table('core', 'customer_consent', 'Marketing consent per channel', 'customer_id INTEGER NOT NULL, channel_code VARCHAR(10) NOT NULL, has_consent CHAR(1), consent_ts TIMESTAMP(0), load_ts TIMESTAMP(0)'),
  table('core', 'product', 'Product', 'product_id INTEGER NOT NULL, sku VARCHAR(30) NOT NULL, product_name VARCHAR(200), category_code VARCHAR(20), brand VARCHAR(100), list_price DECIMAL(18,2), cost_price DECIMAL(18,2), margin_pct DECIMAL(9,4), launch_date DATE, is_discontinued CHAR(1), load_ts TIMESTAMP(0)'),
  table('core', 'product_category', 'Product categories', 'category_code VARCHAR(20) NOT NULL, category_name VARCHAR(100), department_name VARCHAR(100), load_ts TIMESTAMP(0)'),
  table('core', 'store', 'Stores and channels', 'store_id INTEGER NOT NULL, store_code VARCHAR(10) NOT NULL, store_name VARCHAR(100), city VARCHAR(100), region_code VARCHAR(10), country_code CHAR(2), open_date DATE, floor_sqm INTEGER, load_ts TIMESTAMP(0)'),
  table('core', 'promotion', 'Promotions', 'promotion_id INTEGER NOT NULL, promo_code VARCHAR(20) NOT NULL, promo_name VARCHAR(100), discount_pct DECIMAL(5,2), start_date DATE, end_date DATE, load_ts TIMESTAMP(0)'),
  table('core', 'sales_order', 'Orders', 'order_id BIGINT NOT NULL, order_no VARCHAR(30) NOT NULL, customer_id INTEGER, store_id INTEGER, promotion_id INTEGER, order_date DATE, order_ts TIMESTAMP(0), channel_code VARCHAR(10), currency_code CHAR(3), order_status VARCHAR(20), gross_amount DECIMAL(18,2), tax_amount DECIMAL(18,2), shipping_amount DECIMAL(18,2), net_amount DECIMAL(18,2), net_amount_eur DECIMAL(18,2), load_ts TIMESTAMP(0)'),
  table('core', 'sales_order_line', 'Order lines', 'order_id BIGINT NOT NULL, line_no INTEGER NOT NULL, product_id INTEGER, quantity INTEGER, unit_price DECIMAL(18,2), discount_amount DECIMAL(18,2), line_amount DECIMAL(18,2), line_margin DECIMAL(18,2), line_status VARCHAR(20), load_ts TIMESTAMP(0)'),
  table('core', 'payment', 'Payments', 'payment_id BIGINT NOT NULL, payment_ref VARCHAR(40) NOT NULL, order_id BIGINT, payment_ts TIMESTAMP(0), payment_method VARCHAR(10), amount DECIMAL(18,2), currency_code CHAR(3), amount_eur DECIMAL(18,2), card_last4_masked CHAR(4), payment_status VARCHAR(10), load_ts TIMESTAMP(0)'),
  table('core', 'date_dim', 'Calendar', 'calendar_date DATE NOT NULL, year_no SMALLINT, quarter_no BYTEINT, month_no BYTEINT, month_name VARCHAR(10), week_no BYTEINT, day_of_week BYTEINT, is_weekend CHAR(1), fiscal_year SMALLINT, fiscal_period BYTEINT'),
  table('core', 'currency_rate', 'Daily FX rates to EUR', 'rate_date DATE NOT NULL, currency_code CHAR(3) NOT NULL, rate_to_eur DECIMAL(18,8), source_name VARCHAR(20), load_ts TIMESTAMP(0)'),
  table('core', 'gl_account', 'General ledger accounts', 'gl_account_id INTEGER NOT NULL, account_no VARCHAR(20), account_name VARCHAR(100), account_type VARCHAR(20), parent_account_no VARCHAR(20), load_ts TIMESTAMP(0)'),
  table('core', 'gl_journal_entry', 'GL journal lines from sales and payments', 'journal_id BIGINT NOT NULL, line_no INTEGER NOT NULL, gl_account_id INTEGER, posting_date DATE, order_id BIGINT, payment_id BIGINT, debit_amount DECIMAL(18,2), credit_amount DECIMAL(18,2), currency_code CHAR(3), description VARCHAR(200), load_ts TIMESTAMP(0)'),
  // Marts: reporting tables and views
  table('mart_sales', 'customer_360', 'One row per customer with lifetime figures', 'customer_id INTEGER NOT NULL, customer_no VARCHAR(20), full_name VARCHAR(201), email_hash CHAR(64), segment_name VARCHAR(100), city VARCHAR(100), country_code CHAR(2), first_order_date DATE, last_order_date DATE, order_count INTEGER, lifetime_value_eur DECIMAL(18,2), avg_order_value_eur DECIMAL(18,2), has_marketing_consent CHAR(1), customer_rank INTEGER, refreshed_ts TIMESTAMP(0)'),
  table('mart_sales', 'daily_sales', 'Sales per day, store and channel', 'sales_date DATE NOT NULL, store_id INTEGER, channel_code VARCHAR(10), order_count INTEGER, item_count INTEGER, gross_amount_eur DECIMAL(18,2), net_amount_eur DECIMAL(18,2), margin_eur DECIMAL(18,2), refreshed_ts TIMESTAMP(0)'),
  table('mart_sales', 'product_performance', 'Product sales and margin per month', 'month_start DATE NOT NULL, product_id INTEGER NOT NULL, product_name VARCHAR(200), category_name VARCHAR(100), units_sold INTEGER, revenue_eur DECIMAL(18,2), margin_eur DECIMAL(18,2), revenue_rank INTEGER, refreshed_ts TIMESTAMP(0)'),
  table('mart_sales', 'store_sales_monthly', 'Store sales per month', 'month_start DATE NOT NULL, store_id INTEGER NOT NULL, store_name VARCHAR(100), region_code VARCHAR(10), net_amount_eur DECIMAL(18,2), order_count INTEGER, sales_per_sqm DECIMAL(18,4), refreshed_ts TIMESTAMP(0)'),
  table('mart_sales', 'customer_order_summary', 'Orders per customer and month', 'customer_id INTEGER NOT NULL, month_start DATE NOT NULL, order_count INTEGER, net_amount_eur DECIMAL(18,2), running_total_eur DECIMAL(18,2), refreshed_ts TIMESTAMP(0)'),
  view('mart_sales', 'v_active_customers', 'Customers active in the last 365 days', 'customer_id INTEGER, full_name VARCHAR(201), segment_name VARCHAR(100), last_order_date DATE, lifetime_value_eur DECIMAL(18,2)', 'SELECT customer_id, full_name, segment_name, last_order_date, lifetime_value_eur FROM mart_sales.customer_360 WHERE last_order_date >= CURRENT_DATE - 365'),
  view('mart_sales', 'v_top_products', 'Top 100 products of the last month', 'product_id INTEGER, product_name VARCHAR(200), revenue_eur DECIMAL(18,2), revenue_rank INTEGER', 'SELECT product_id, product_name, revenue_eur, revenue_rank FROM mart_sales.product_performance WHERE revenue_rank <= 100'),
  view('mart_sales', 'v_sales_by_region', 'Net sales by region and month', 'region_code VARCHAR(10), month_start DATE, net_amount_eur DECIMAL(18,2)', 'SELECT s.region_code, m.month_start, SUM(m.net_amount_eur) FROM mart_sales.store_sales_monthly m JOIN core.store s ON s.store_id = m.store_id GROUP BY 1, 2'),
  table('mart_finance', 'revenue_by_month', 'Recognised revenue per month and channel', 'month_start DATE NOT NULL, channel_code VARCHAR(10) NOT NULL, revenue_eur DECIMAL(18,2), tax_eur DECIMAL(18,2), refunds_eur DECIMAL(18,2), net_revenue_eur DECIMAL(18,2), refreshed_ts TIMESTAMP(0)'),
  table('mart_finance', 'gl_balance', 'GL balances per account and period', 'fiscal_year SMALLINT NOT NULL, fiscal_period BYTEINT NOT NULL, gl_account_id INTEGER NOT NULL, account_name VARCHAR(100), debit_total DECIMAL(18,2), credit_total DECIMAL(18,2), balance DECIMAL(18,2), refreshed_ts TIMESTAMP(0)'),
  table('mart_finance', 'payment_reconciliation', 'Orders matched to payments', 'order_id BIGINT NOT NULL, order_no VARCHAR(30), order_amount_eur DECIMAL(18,2), paid_amount_eur DECIMAL(18,2), difference_eur DECIMAL(18,2), payment_count INTEGER, reconciliation_status VARCHAR(20), refreshed_ts TIMESTAMP(0)'),
  view('mart_finance', 'v_revenue_ytd', 'Year-to-date revenue by channel', 'channel_code VARCHAR(10), fiscal_year SMALLINT, revenue_ytd_eur DECIMAL(18,2)', 'SELECT r.channel_code, d.fiscal_year, SUM(r.net_revenue_eur) FROM mart_finance.revenue_by_month r JOIN core.date_dim d ON d.calendar_date = r.month_start GROUP BY 1, 2'),
];

/**
 * The demo warehouse catalog: its databases, and its tables and views with columns, types and view definitions.
 * @internal Exported for the tests that check the loaded warehouse against it.
 */
export const DEMO_WAREHOUSE: { readonly databases: readonly string[]; readonly tables: readonly DemoTable[] } = {
  databases: DEMO_DATABASES,
  tables: DEMO_TABLES,
};
