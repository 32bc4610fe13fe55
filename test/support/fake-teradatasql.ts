import type { TdConnection, TdCursor, TeradataDriver } from '../../src/teradata/teradata/teradata.driver.js';
import { iteratedRequestProblem } from './teradata-on-embedded.mjs';

/**
 * A scripted answer: rows (with column names), an error shaped like the real
 * driver's, or a row count. `wait` holds the answer until it resolves (a
 * statement still running at the database).
 */
export type Script = ({ columns: string[]; rows: unknown[][]; rowcount?: number } | { error: string } | { rowcount: number }) & { wait?: Promise<void> };

export interface Recorded {
  readonly connection: number;
  readonly sql: string;
  readonly params: unknown;
  readonly many: boolean;
}

/** One `fetchmany()` call: how many rows were asked for (after the arraysize default) and how many came back. */
export interface Fetch {
  readonly connection: number;
  readonly requested: number;
  readonly returned: number;
}

/** A `SET TIME ZONE` a session received, and how many of the test's statements that session had run before it. */
export interface TimeZoneSet {
  readonly connection: number;
  readonly sql: string;
  readonly statementsBefore: number;
}

/** The real driver's message format: `[Version …] [Session …] [Teradata Database] [Error NNNN] text`. */
export function tdError(code: number, text: string): string {
  return `[Version 20.0.55] [Session 4242] [Teradata Database] [Error ${code}] ${text}`;
}

/** The forms of SET TIME ZONE that Teradata documents (LOCAL, USER, an INTERVAL HOUR TO MINUTE displacement, a time zone string). */
const SET_TIME_ZONE = /^SET TIME ZONE (LOCAL|USER|INTERVAL '[+-]?\d{2}:\d{2}' HOUR TO MINUTE|'[^']+')$/i;

const COMMIT = '{fn teradata_commit}';
const ROLLBACK = '{fn teradata_rollback}';

/**
 * A strict fake of the teradatasql boundary: every statement must match a
 * scripted expectation (in order of registration, first match wins), every
 * call is recorded, and an unexpected statement throws so the test fails.
 *
 * Where the adapter depends on the real driver's behaviour, the fake
 * behaves the same: a cursor's `arraysize` starts at 1 and accepts only
 * positive integers; `fetchmany()` returns at most the requested count
 * (`arraysize` when none is given) and an empty array after the last row;
 * `{fn teradata_commit}` / `{fn teradata_rollback}` end the transaction
 * (events `cN:commit`, `cN:rollback`) and may be scripted to wait; session
 * statements the database would answer itself (`SET TIME ZONE` in a
 * documented form) are accepted without a script and logged in
 * `timeZoneSets`, other forms fail with 3706 as Teradata's parser would;
 * DBC.DBCInfoV's VERSION is answered with `version` (null: refused with
 * 3523, no access) and sets the limits of an iterated request the fake
 * takes (16,383 rows and 1 MB before 16.00, 64,000 rows and 7 MB since).
 * The driver's synchronous round trips (`commit()`, `rollback()`,
 * `execute()`) and `fetchall()` are absent: calling them fails.
 */
export class FakeTeradata implements TeradataDriver {
  readonly recorded: Recorded[] = [];
  readonly connectParams: Record<string, string>[] = [];
  readonly events: string[] = [];
  readonly fetches: Fetch[] = [];
  readonly timeZoneSets: TimeZoneSet[] = [];
  private readonly scripts: { match: RegExp; answers: Script[] }[] = [];
  private readonly connectErrors: string[] = [];
  private connections = 0;
  closed = 0;
  /** The release DBC.DBCInfoV answers (its limits are the fake's); null: the view is refused. */
  version: string | null = '17.20.03.19';
  /** How many times a session read the release. */
  versionReads = 0;

  /** Answers for statements matching `match`, consumed in order; the last one repeats. */
  on(match: RegExp, ...answers: Script[]): this {
    this.scripts.push({ match, answers });
    return this;
  }

  failConnect(...errors: string[]): this {
    this.connectErrors.push(...errors);
    return this;
  }

  private scripted(sql: string): Script | undefined {
    const s = this.scripts.find((x) => x.match.test(sql));
    if (!s) return undefined;
    return s.answers.length > 1 ? (s.answers.shift() as Script) : s.answers[0];
  }

  private answer(sql: string): Script {
    const script = this.scripted(sql);
    if (!script) throw new Error(`FakeTeradata: unexpected statement: ${sql}`);
    return script;
  }

  async connect(params: Record<string, string>): Promise<TdConnection> {
    this.connectParams.push(params);
    const error = this.connectErrors.shift();
    if (error) throw new Error(error);
    const id = ++this.connections;
    const fake = this;
    let autocommit = true;
    const statementsOf = () => fake.recorded.filter((r) => r.connection === id).length;
    const connection: TdConnection = {
      get autocommit() {
        return autocommit;
      },
      set autocommit(v: boolean) {
        autocommit = v;
        fake.events.push(`c${id}:autocommit=${v}`);
      },
      cursor(): TdCursor {
        let current: Script | undefined;
        let position = 0;
        let arraysize = 1;
        // the release read at connect, answered by the database itself: its fetches are not the test's
        let release = false;
        const settle = async (script: Script) => {
          if (script.wait) await script.wait;
          current = script;
          position = 0;
          if ('error' in script) throw new Error(script.error);
        };
        return {
          get description() {
            return current && 'columns' in current ? current.columns.map((c) => [c, 'VARCHAR']) : null;
          },
          get rowcount() {
            return current && 'rowcount' in current && current.rowcount !== undefined ? current.rowcount : current && 'rows' in current ? current.rows.length : 0;
          },
          get arraysize() {
            return arraysize;
          },
          set arraysize(value: number) {
            if (!Number.isInteger(value) || value <= 0) throw new TypeError(`unexpected value ${value}`);
            arraysize = value;
          },
          async executeAsync(sql: string, params?: unknown[]) {
            if (sql === COMMIT || sql === ROLLBACK) {
              await settle(fake.scripted(sql) ?? { rowcount: 0 });
              fake.events.push(`c${id}:${sql === COMMIT ? 'commit' : 'rollback'}`);
              return;
            }
            if (/^SET TIME ZONE\b/i.test(sql)) {
              if (!SET_TIME_ZONE.test(sql)) throw new Error(tdError(3706, `Syntax error: ${sql}`));
              fake.timeZoneSets.push({ connection: id, sql, statementsBefore: statementsOf() });
              current = { rowcount: 0 };
              return;
            }
            if (/FROM DBC\.DBCInfoV WHERE InfoKey = 'VERSION'/.test(sql)) {
              fake.versionReads++;
              if (fake.version === null) throw new Error(tdError(3523, 'The user does not have SELECT access to DBC.DBCInfoV.'));
              current = { columns: ['InfoData'], rows: [[fake.version]] };
              position = 0;
              release = true;
              return;
            }
            release = false;
            fake.recorded.push({ connection: id, sql, params: params ?? [], many: false });
            await settle(fake.answer(sql));
          },
          async executemanyAsync(sql: string, rows: unknown[][]) {
            fake.recorded.push({ connection: id, sql, params: rows, many: true });
            // as the database would: one iterated request within Teradata's rows and request size
            const tooLarge = iteratedRequestProblem(sql, rows, fake.version);
            if (tooLarge) throw new Error(`[Version 20.0.55] [Session 4242] [Teradata Database] request refused by the fake: ${tooLarge}`);
            await settle(fake.answer(sql));
          },
          fetchmany(size?: number) {
            const requested = size || arraysize;
            const rows = current && 'rows' in current ? current.rows.slice(position, position + requested) : [];
            position += rows.length;
            if (!release) fake.fetches.push({ connection: id, requested, returned: rows.length });
            return rows;
          },
          close() {},
        };
      },
      close() {
        fake.closed++;
        fake.events.push(`c${id}:close`);
      },
    };
    return connection;
  }
}
