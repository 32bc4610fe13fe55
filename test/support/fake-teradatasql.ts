import type { TdConnection, TdCursor, TeradataDriver } from '../../src/teradata/teradata/teradata.driver.js';

/** A scripted answer: rows (with column names) or an error shaped like the real driver's. */
export type Script = { columns: string[]; rows: unknown[][]; rowcount?: number } | { error: string } | { rowcount: number };

export interface Recorded {
  readonly connection: number;
  readonly sql: string;
  readonly params: unknown;
  readonly many: boolean;
}

/** The real driver's message format: `[Version …] [Session …] [Teradata Database] [Error NNNN] text`. */
export function tdError(code: number, text: string): string {
  return `[Version 20.0.55] [Session 4242] [Teradata Database] [Error ${code}] ${text}`;
}

/**
 * A strict fake of the teradatasql boundary: every statement must match a
 * scripted expectation (in order of registration, first match wins), every
 * call is recorded, and an unexpected statement throws so the test fails.
 */
export class FakeTeradata implements TeradataDriver {
  readonly recorded: Recorded[] = [];
  readonly connectParams: Record<string, string>[] = [];
  readonly events: string[] = [];
  private readonly scripts: { match: RegExp; answers: Script[] }[] = [];
  private readonly connectErrors: string[] = [];
  private connections = 0;
  closed = 0;

  /** Answers for statements matching `match`, consumed in order; the last one repeats. */
  on(match: RegExp, ...answers: Script[]): this {
    this.scripts.push({ match, answers });
    return this;
  }

  failConnect(...errors: string[]): this {
    this.connectErrors.push(...errors);
    return this;
  }

  private answer(sql: string): Script {
    const s = this.scripts.find((x) => x.match.test(sql));
    if (!s) throw new Error(`FakeTeradata: unexpected statement: ${sql}`);
    return s.answers.length > 1 ? (s.answers.shift() as Script) : s.answers[0];
  }

  async connect(params: Record<string, string>): Promise<TdConnection> {
    this.connectParams.push(params);
    const error = this.connectErrors.shift();
    if (error) throw new Error(error);
    const id = ++this.connections;
    const fake = this;
    let autocommit = true;
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
        return {
          get description() {
            return current && 'columns' in current ? current.columns.map((c) => [c, 'VARCHAR']) : null;
          },
          get rowcount() {
            return current && 'rowcount' in current && current.rowcount !== undefined ? current.rowcount : current && 'rows' in current ? current.rows.length : 0;
          },
          async executeAsync(sql: string, params?: unknown[]) {
            fake.recorded.push({ connection: id, sql, params: params ?? [], many: false });
            current = fake.answer(sql);
            if ('error' in current) throw new Error(current.error);
          },
          async executemanyAsync(sql: string, rows: unknown[][]) {
            fake.recorded.push({ connection: id, sql, params: rows, many: true });
            current = fake.answer(sql);
            if ('error' in current) throw new Error(current.error);
          },
          fetchall() {
            return current && 'rows' in current ? current.rows : [];
          },
          close() {},
        };
      },
      commit() {
        fake.events.push(`c${id}:commit`);
      },
      rollback() {
        fake.events.push(`c${id}:rollback`);
      },
      close() {
        fake.closed++;
        fake.events.push(`c${id}:close`);
      },
    };
    return connection;
  }
}
