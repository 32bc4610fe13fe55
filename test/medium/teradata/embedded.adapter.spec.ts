import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBConnection } from '@duckdb/node-api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmbeddedFileLockedError } from '../../../src/teradata/database.errors.js';
import { overlapped } from '../../../src/teradata/database.port.js';
import { EmbeddedAdapter } from '../../../src/teradata/embedded/embedded.adapter.js';
import { PROJECT_ROOT } from '../../support/test-database.js';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lineage-embedded-'));
  dirs.push(dir);
  return join(dir, 'db.duckdb');
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('EmbeddedAdapter on a real DuckDB file', () => {
  it('gives the engine the memory EMBEDDED_MEMORY_LIMIT_MB allows, and says which setting to raise when it runs out', async () => {
    const port = await EmbeddedAdapter.open(':memory:', 1, 64);
    try {
      const [{ limit }] = await port.query<{ limit: string }>("SELECT current_setting('memory_limit') AS limit");
      expect(limit).toMatch(/^6[0-4](\.\d+)? MiB$/);
      // a primary-key index that cannot spill: more keys than 64 MB holds
      await port.execute('CREATE TABLE k (id VARCHAR PRIMARY KEY)');
      await expect(port.execute("INSERT INTO k SELECT 'key-' || i || repeat('x', 100) FROM range(2000000) t(i)")).rejects.toThrow(/Out of Memory.*raise EMBEDDED_MEMORY_LIMIT_MB/);
    } finally {
      await port.close();
    }
  });

  it('runs again a transaction that met another writer\'s open update of the same row (DuckDB\'s optimistic concurrency), so concurrent writers all commit', async () => {
    const port = await EmbeddedAdapter.open(':memory:', 4);
    try {
      await port.execute('CREATE TABLE state (id INTEGER PRIMARY KEY, generation INTEGER)');
      await port.execute('INSERT INTO state VALUES (1, 0)');
      let runs = 0;
      // eight writers, each holding its update open across a turn of the event loop, as a graph write does
      await Promise.all(
        Array.from({ length: 8 }, () =>
          port.transaction(async (tx) => {
            runs++;
            await tx.execute('UPDATE state SET generation = generation + 1 WHERE id = 1');
            await new Promise((r) => setTimeout(r, 5));
            await tx.execute('UPDATE state SET generation = generation + 0 WHERE id = 1');
          }),
        ),
      );
      expect(await port.query('SELECT generation FROM state')).toEqual([{ generation: 8 }]);
      // some of them did meet a conflict and ran again
      expect(runs).toBeGreaterThan(8);
    } finally {
      await port.close();
    }
  });

  it('binds every parameter type and returns lower-case keys with JS values', async () => {
    const db = await EmbeddedAdapter.open(tempFile());
    try {
      await db.execute('CREATE TABLE T (Id BIGINT, Name VARCHAR, Seen TIMESTAMP, Flag BOOLEAN, Note VARCHAR)');
      const at = new Date('2026-11-16T10:20:30.000Z');
      await db.execute('INSERT INTO T VALUES (?, ?, ?, ?, ?)', [42, "it's", at, true, null]);
      expect(await db.query('SELECT * FROM T WHERE Name = ?', ["it's"])).toEqual([{ id: 42, name: "it's", seen: at, flag: true, note: null }]);
    } finally {
      await db.close();
    }
  });

  it('binds a number as the type of its parameter (a DOUBLE for an INTEGER parameter made DuckDB plan the statement again each run), and one that type cannot hold as the engine refuses it', async () => {
    const db = await EmbeddedAdapter.open(tempFile());
    try {
      await db.execute('CREATE TABLE N (Small SMALLINT, Whole INTEGER, Big BIGINT, Ratio DOUBLE)');
      for (const row of [
        [7, -2_147_483_648, Number.MAX_SAFE_INTEGER, 0.25],
        [-32_768, 2_147_483_647, -42, 3],
      ])
        await db.execute('INSERT INTO N VALUES (?, ?, ?, ?)', row);
      expect(await db.query('SELECT * FROM N ORDER BY Small DESC')).toEqual([
        { small: 7, whole: -2_147_483_648, big: Number.MAX_SAFE_INTEGER, ratio: 0.25 },
        { small: -32_768, whole: 2_147_483_647, big: -42, ratio: 3 },
      ]);
      // a fraction for an integer parameter is cast by the engine, as before
      expect(await db.query('SELECT CAST(? AS INTEGER) + 0 AS n', [2.6])).toEqual([{ n: 3 }]);
      // out of an integer type's range: refused, never wrapped around
      await expect(db.execute('INSERT INTO N (Whole) VALUES (?)', [3_000_000_000])).rejects.toThrow(/out of range|Conversion/i);
      await expect(db.execute('INSERT INTO N (Small) VALUES (?)', [40_000])).rejects.toThrow(/out of range|Conversion/i);
      // a parameter whose type the statement leaves open
      expect(await db.query('SELECT COUNT(*) AS n FROM N WHERE (? IS NULL OR Whole > ?)', [null, null])).toEqual([{ n: 2 }]);
    } finally {
      await db.close();
    }
  });

  it('sends simple batches as multi-row inserts and reports rows changed; other statements one by one', async () => {
    const db = await EmbeddedAdapter.open(tempFile());
    try {
      await db.execute('CREATE TABLE K (k INTEGER PRIMARY KEY, v VARCHAR)');
      const rows = Array.from({ length: 12_000 }, (_, i) => [i, `v${i}`]);
      expect(await db.batch('INSERT INTO K (k, v) VALUES (?, ?) ON CONFLICT DO NOTHING', rows)).toBe(12_000);
      expect(await db.batch('INSERT INTO K (k, v) VALUES (?, ?) ON CONFLICT DO NOTHING', rows.slice(0, 10))).toBe(0);
      expect(await db.batch('UPDATE K SET v = ? WHERE k = ?', [['a', 1], ['b', 2]])).toBe(2);
      expect(await db.query('SELECT v FROM K WHERE k IN (1, 2) ORDER BY k')).toEqual([{ v: 'a' }, { v: 'b' }]);
      // any count of rows is sent in pieces of a power-of-two length: a few texts, each prepared once
      const prepare = vi.spyOn(DuckDBConnection.prototype, 'prepare');
      try {
        let next = 20_000;
        for (let n = 1; n <= 40; n++) {
          const more = Array.from({ length: n }, () => [next++, 'x']);
          expect(await db.batch('INSERT INTO K (k, v) VALUES (?, ?)', more)).toBe(n);
        }
        expect(await db.query('SELECT COUNT(*) AS n FROM K WHERE k >= 20000')).toEqual([{ n: (40 * 41) / 2 }]);
        expect(new Set(prepare.mock.calls.map(([text]) => text)).size).toBe(6);
      } finally {
        prepare.mockRestore();
      }
    } finally {
      await db.close();
    }
  });

  it('prepares a statement with parameters once per connection and reads results of many chunks whole; a schema change drops what was prepared', async () => {
    const db = await EmbeddedAdapter.open(tempFile(), 1);
    const prepare = vi.spyOn(DuckDBConnection.prototype, 'prepare');
    try {
      await db.execute('CREATE TABLE P AS SELECT i AS n FROM range(5000) t(i)');
      const sql = 'SELECT n FROM P WHERE n >= ? ORDER BY n';
      for (let k = 0; k < 3; k++) {
        const rows = await db.query<{ n: number }>(sql, [k]);
        // 2,048 rows a chunk: three chunks, all of them read
        expect(rows).toHaveLength(5000 - k);
        expect(rows[0]).toEqual({ n: k });
        expect(rows.at(-1)).toEqual({ n: 4999 });
      }
      await db.transaction(async (tx) => {
        expect(await tx.execute('UPDATE P SET n = n WHERE n < ?', [10])).toBe(10);
        expect(await tx.query(sql, [4998])).toEqual([{ n: 4998 }, { n: 4999 }]);
      });
      expect(prepare.mock.calls.filter(([text]) => text === sql)).toHaveLength(1);
      // after a schema change the statement is prepared again, and sees the new column
      await db.execute('ALTER TABLE P ADD COLUMN label VARCHAR');
      expect(await db.query('SELECT * FROM P WHERE n = ?', [7])).toEqual([{ n: 7, label: null }]);
      await db.execute('ALTER TABLE P DROP COLUMN label');
      expect(await db.query('SELECT * FROM P WHERE n = ?', [7])).toEqual([{ n: 7 }]);
      expect(await db.query(sql, [4999])).toEqual([{ n: 4999 }]);
      expect(prepare.mock.calls.filter(([text]) => text === sql)).toHaveLength(2);
      // a schema change behind a comment (as migration files begin) counts too
      await db.execute('-- a migration\nALTER TABLE P ADD COLUMN note VARCHAR');
      expect(await db.query(sql, [4999])).toEqual([{ n: 4999 }]);
      expect(prepare.mock.calls.filter(([text]) => text === sql)).toHaveLength(3);
      // an error leaves the connection usable
      await expect(db.query('SELECT n FROM P WHERE n = ?', ['not a number'])).rejects.toThrow(/Embedded engine/);
      expect(await db.query('SELECT n FROM P WHERE n = ?', [3])).toEqual([{ n: 3 }]);
    } finally {
      prepare.mockRestore();
      await db.close();
    }
  });

  it('streams a result in batches of the size asked for, with JS values, and frees the connection when the caller stops early', async () => {
    const db = await EmbeddedAdapter.open(tempFile(), 1);
    try {
      await db.execute("CREATE TABLE S AS SELECT i AS n, TIMESTAMP '2026-01-01 00:00:00' + to_seconds(i) AS seen FROM range(12000) t(i)");
      const sizes: number[] = [];
      let last: { n: number; seen: Date } | undefined;
      for await (const batch of db.stream<{ n: number; seen: Date }>('SELECT n, seen FROM S WHERE n >= ? ORDER BY n', [0], 5_000)) {
        sizes.push(batch.length);
        last = batch.at(-1);
      }
      expect(sizes).toEqual([5_000, 5_000, 2_000]);
      expect(last).toEqual({ n: 11_999, seen: new Date(Date.UTC(2026, 0, 1) + 11_999_000) });
      for await (const batch of db.stream('SELECT n FROM S ORDER BY n', [], 100)) {
        expect(batch).toHaveLength(100);
        break;
      }
      expect(db.poolStats()).toEqual({ inUse: 0, waiting: 0, size: 1 });
      expect(await db.query('SELECT COUNT(*) AS c FROM S')).toEqual([{ c: 12_000 }]);
      await expect(async () => {
        for await (const batch of db.stream('SELECT nope FROM S')) expect(batch).toBeUndefined();
      }).rejects.toThrow(/Embedded engine: .*nope/);
    } finally {
      await db.close();
    }
  });

  it('runs statements sent together in a transaction (overlapped), the same text with different values included, each with its own values and result', async () => {
    const db = await EmbeddedAdapter.open(tempFile(), 1);
    const prepare = vi.spyOn(DuckDBConnection.prototype, 'prepare');
    try {
      await db.execute('CREATE TABLE O (k INTEGER PRIMARY KEY, v VARCHAR)');
      const insert = 'INSERT INTO O VALUES (?, ?)';
      const read = 'SELECT COUNT(*) AS n FROM O WHERE k < ?';
      const results = await db.transaction((tx) => {
        expect(tx.overlaps).toBe(true);
        return overlapped(tx, ...Array.from({ length: 12 }, (_, k) => () => tx.execute(insert, [k, `v${k}`])), () => tx.query(read, [0]));
      });
      expect(results).toEqual([...new Array(12).fill(1), [{ n: 0 }]]);
      expect(await db.query('SELECT k, v FROM O ORDER BY k')).toEqual(Array.from({ length: 12 }, (_, k) => ({ k, v: `v${k}` })));
      // the kept statement is used again; those prepared beside it while it was held were not kept
      const before = prepare.mock.calls.filter(([text]) => text === insert).length;
      await db.execute(insert, [100, 'later']);
      expect(prepare.mock.calls.filter(([text]) => text === insert)).toHaveLength(before);
      expect(before).toBeGreaterThan(1);
    } finally {
      prepare.mockRestore();
      await db.close();
    }
  });

  it('rolls back a transaction whose statements sent together failed only after every one of them has ended: nothing of it is left', async () => {
    const db = await EmbeddedAdapter.open(tempFile(), 1);
    try {
      await db.execute('CREATE TABLE F (k INTEGER PRIMARY KEY)');
      await db.execute('CREATE TABLE G AS SELECT i AS n FROM range(300000) t(i)');
      await expect(
        db.transaction((tx) =>
          overlapped(
            tx,
            () => tx.execute('INSERT INTO F VALUES (?)', [1]),
            () => tx.execute('INSERT INTO F VALUES (?)', [1]),
            // a slower statement still running when the duplicate fails
            () => tx.execute('INSERT INTO F SELECT n + 10 FROM G WHERE n % ? = 0 ORDER BY n DESC LIMIT 1000', [7]),
            () => tx.execute('INSERT INTO F VALUES (?)', [2]),
          ),
        ),
      ).rejects.toThrow(/Embedded engine: .*(Constraint|Duplicate)/i);
      expect(await db.query('SELECT COUNT(*) AS n FROM F')).toEqual([{ n: 0 }]);
      expect(db.poolStats()).toEqual({ inUse: 0, waiting: 0, size: 1 });
    } finally {
      await db.close();
    }
  });

  it('checkpoints at a pause in the writes once the log holds enough, never during one, and leaves the engine its own checkpoint as the ceiling', async () => {
    const file = tempFile();
    const errors: Error[] = [];
    const db = await EmbeddedAdapter.open(file, 2, 256, { ceilingMb: 64, quietMb: 0.01, quietMs: 60_000, onError: (err) => errors.push(err) });
    try {
      expect(await db.query("SELECT current_setting('checkpoint_threshold') AS t")).toEqual([{ t: '64.0 MiB' }]);
      await db.execute('CREATE TABLE W (k INTEGER, v VARCHAR)');
      await db.transaction((tx) => tx.execute("INSERT INTO W SELECT i, repeat('x', 200) FROM range(20000) t(i)"));
      const written = Date.now();
      expect(db.walBytes()).toBeGreaterThan(0.01 * 1024 * 1024);
      // not quiet yet: the last write ended less than quietMs ago
      expect(await db.checkpointIfQuiet(written + 1_000)).toBe(false);
      expect(db.walBytes()).toBeGreaterThan(0);
      // a write under way is never checkpointed under
      let during: boolean | undefined;
      await db.transaction(async (tx) => {
        await tx.execute('INSERT INTO W VALUES (?, ?)', [-1, 'in the middle']);
        during = await db.checkpointIfQuiet(Date.now() + 120_000);
      });
      expect(during).toBe(false);
      // quiet long enough: the log is folded into the file, and every row is there
      expect(await db.checkpointIfQuiet(Date.now() + 60_000)).toBe(true);
      expect(db.walBytes()).toBe(0);
      expect(await db.query('SELECT COUNT(*) AS n FROM W')).toEqual([{ n: 20_001 }]);
      // a log under quietMb is left alone
      await db.execute('INSERT INTO W VALUES (?, ?)', [-2, 'small']);
      const small = db.walBytes();
      expect(small).toBeLessThan(0.01 * 1024 * 1024);
      expect(await db.checkpointIfQuiet(Date.now() + 60_000)).toBe(false);
      expect(db.walBytes()).toBe(small);
      expect(errors).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('rolls a failed transaction back and commits a good one', async () => {
    const db = await EmbeddedAdapter.open(tempFile());
    try {
      await db.execute('CREATE TABLE A (x INTEGER PRIMARY KEY)');
      await expect(
        db.transaction(async (tx) => {
          await tx.execute('INSERT INTO A VALUES (1)');
          await tx.execute('INSERT INTO A VALUES (1)');
        }),
      ).rejects.toThrow(/Embedded engine: .*(Constraint|Duplicate)/i);
      expect(await db.query('SELECT COUNT(*) AS n FROM A')).toEqual([{ n: 0 }]);
      await db.transaction((tx) => tx.execute('INSERT INTO A VALUES (2)'));
      expect(await db.query('SELECT x FROM A')).toEqual([{ x: 2 }]);
      await db.ping();
      expect(db.poolStats()).toEqual({ inUse: 0, waiting: 0, size: 4 });
    } finally {
      await db.close();
    }
  });

  it('tells a second process that the file is in use, naming the holder and what to do', async () => {
    const file = tempFile();
    const holderScript = `import { DuckDBInstance } from '@duckdb/node-api'; const i = await DuckDBInstance.create(${JSON.stringify(file)}); await i.connect(); process.stdout.write('ready\\n'); setTimeout(() => process.exit(0), 20000);`;
    const holder = spawn(process.execPath, ['--input-type=module', '-e', holderScript], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (d) => String(d).includes('ready') && resolve());
        holder.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
      });
      const err = await EmbeddedAdapter.open(file).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EmbeddedFileLockedError);
      expect((err as Error).message).toContain(`PID ${holder.pid}`);
      expect((err as Error).message).toContain('Stop that process');
      expect((err as Error).message).toContain('EMBEDDED_DATABASE_PATH');
    } finally {
      holder.kill();
    }
  });
});
