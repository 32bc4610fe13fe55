import { describe, expect, it } from 'vitest';
import { type ReaderGroup, summarizeReaders } from './impact-readers.js';

const g = (node: string, user: string, app: string, reads: number, lastReadAt: string | null = null): ReaderGroup => ({ node, user, app, reads, lastReadAt });

describe('the readers of an impact walk, from (node, user, application) groups', () => {
  it('sums each node and every node: reads, distinct users and applications, the last read', () => {
    const r = summarizeReaders([
      g('a', 'ann', 'tableau', 3, '2026-01-02T10:00:00.000Z'),
      g('a', 'bob', 'tableau', 2, '2026-01-03T10:00:00.000Z'),
      g('a', 'ann', 'bteq', 1, null),
      g('b', 'bob', 'bteq', 5, '2026-01-01T00:00:00.000Z'),
    ]);
    expect(r.nodes.get('a')).toEqual({ reads: 6, users: 2, applications: 2, lastReadAt: '2026-01-03T10:00:00.000Z' });
    expect(r.nodes.get('b')).toEqual({ reads: 5, users: 1, applications: 1, lastReadAt: '2026-01-01T00:00:00.000Z' });
    expect({ reads: r.reads, users: r.users, applications: r.applications }).toEqual({ reads: 11, users: 2, applications: 2 });
    // an application's users are distinct over its groups: bteq was used by ann on a and bob on b
    expect(r.topApplications).toEqual([
      { application: 'bteq', reads: 6, users: 2, lastReadAt: '2026-01-01T00:00:00.000Z' },
      { application: 'tableau', reads: 5, users: 2, lastReadAt: '2026-01-03T10:00:00.000Z' },
    ]);
    expect(r.topUsers).toEqual([
      { user: 'bob', reads: 7, lastReadAt: '2026-01-03T10:00:00.000Z' },
      { user: 'ann', reads: 4, lastReadAt: '2026-01-02T10:00:00.000Z' },
    ]);
    expect(r.nodeApps.get('a')).toEqual([
      { application: 'tableau', reads: 5, users: 2, lastReadAt: '2026-01-03T10:00:00.000Z' },
      { application: 'bteq', reads: 1, users: 1, lastReadAt: null },
    ]);
  });

  it('keeps the 5 most reading users of a node and the 20 overall, ties by name', () => {
    const groups = Array.from({ length: 30 }, (_, i) => g('a', `u${String(i).padStart(2, '0')}`, 'app', i < 10 ? 1 : 30 - i));
    const r = summarizeReaders(groups);
    expect(r.nodeUsers.get('a')?.map((u) => `${u.user}:${u.reads}`)).toEqual(['u10:20', 'u11:19', 'u12:18', 'u13:17', 'u14:16']);
    expect(r.topUsers).toHaveLength(20);
    // u10..u28 read 20..2 times; the last place goes to the first by name of the eleven with one read (u00..u09, u29)
    expect(r.topUsers.slice(-2).map((u) => `${u.user}:${u.reads}`)).toEqual(['u28:2', 'u00:1']);
    expect(r.users).toBe(30);
  });

  it('answers nothing for no rows', () => {
    const r = summarizeReaders([]);
    expect(r.nodes.size).toBe(0);
    expect({ reads: r.reads, users: r.users, applications: r.applications, topUsers: r.topUsers }).toEqual({ reads: 0, users: 0, applications: 0, topUsers: [] });
  });
});
