/**
 * What the Teradata adapter sends on each new session before handing it
 * out: the session time zone, UTC.
 *
 * The driver sends a JavaScript Date as its UTC time and reads a TIMESTAMP
 * as UTC (teradatasql README, "Data Types"), while Teradata evaluates
 * CURRENT_TIMESTAMP, the OL_* column defaults and comparisons with
 * TIMESTAMP WITH TIME ZONE values in the session's time zone, which is the
 * system's (or the user's) unless set. On a system running at, say,
 * UTC+01:00 every window and every default would be an hour off. `SET TIME
 * ZONE INTERVAL '00:00' HOUR TO MINUTE` is Teradata's documented
 * displacement form; unlike a time zone string it does not depend on the
 * site's tdlocaledef rules. (@polyglot-sql/sdk 0.12 does not parse any
 * `SET TIME ZONE` form: see the documented gap in
 * src/schema/teradata-statements.parse.spec.ts.)
 */
export const SESSION_TIME_ZONE_UTC = "SET TIME ZONE INTERVAL '00:00' HOUR TO MINUTE";

/**
 * The database's release, read once when the adapter connects: from 16.00
 * on, Teradata takes larger iterated requests (7 MB, 64,000 rows; see
 * requestLimits in teradata.adapter.ts). DBC.DBCInfoV is usually granted to
 * PUBLIC; where it is not, the adapter keeps to the older limits.
 */
export const DATABASE_VERSION = "LOCKING ROW FOR ACCESS SELECT InfoData FROM DBC.DBCInfoV WHERE InfoKey = 'VERSION'";
