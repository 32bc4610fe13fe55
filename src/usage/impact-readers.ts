import type { ApplicationReads, UserReads } from './usage.types.js';

/** Users and applications kept per node, and overall. */
const TOP_PER_NODE = 5;
const TOP_OVERALL = 20;

/** One (node, user, application) group of an impact walk's usage rows in the window. */
export interface ReaderGroup {
  readonly node: string;
  readonly user: string;
  readonly app: string;
  readonly reads: number;
  /** ISO text, or null. */
  readonly lastReadAt: string | null;
}

/** Who read an impact walk's nodes: per node key (`dataset_id/field_name`, or a dataset id) and over all of them. */
export interface ImpactReaders {
  readonly nodes: Map<string, { reads: number; users: number; applications: number; lastReadAt: string | null }>;
  /** Each node's most reading users (TOP_PER_NODE), most reads first. */
  readonly nodeUsers: Map<string, UserReads[]>;
  readonly nodeApps: Map<string, ApplicationReads[]>;
  readonly reads: number;
  readonly users: number;
  readonly applications: number;
  /** The most reading users and applications over every node (TOP_OVERALL). */
  readonly topUsers: UserReads[];
  readonly topApplications: ApplicationReads[];
}

const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);
/** The SQL order the grouped reads ranked by before a top-N cut: most reads first, ties by name in code-unit order. */
const rank = (a: { reads: number; name: string }, b: { reads: number; name: string }) => b.reads - a.reads || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
/** The order an answer lists them in: most reads first, ties by name in locale order. */
const byReads = (a: { reads: number; name: string }, b: { reads: number; name: string }) => b.reads - a.reads || a.name.localeCompare(b.name);

interface Acc {
  name: string;
  reads: number;
  lastReadAt: string | null;
  users?: Set<string>;
}

function add(into: Map<string, Acc>, name: string, g: ReaderGroup, user?: string): void {
  let a = into.get(name);
  if (!a) {
    a = { name, reads: 0, lastReadAt: null, ...(user !== undefined ? { users: new Set<string>() } : {}) };
    into.set(name, a);
  }
  a.reads += g.reads;
  a.lastReadAt = later(a.lastReadAt, g.lastReadAt);
  if (user !== undefined) a.users?.add(user);
}

function top<T>(accs: Iterable<Acc>, n: number, as: (a: Acc) => T): T[] {
  return [...accs].sort(rank).slice(0, n).sort(byReads).map(as);
}

const asUser = (a: Acc): UserReads => ({ user: a.name, reads: a.reads, lastReadAt: a.lastReadAt });
const asApp = (a: Acc): ApplicationReads => ({ application: a.name, reads: a.reads, users: a.users?.size ?? 0, lastReadAt: a.lastReadAt });

/**
 * Pure: the answer's figures from the (node, user, application) groups one
 * read of the aggregates returns (issue 21) — per node its reads, distinct
 * users and applications, last read, top users and applications (each
 * application with its distinct users); over every node the same totals and
 * top readers. The same figures the grouped reads per question gave, from one
 * pass over the usage rows instead of six; exact also when the node keys were
 * read in chunks (a node's groups are all in its chunk).
 */
export function summarizeReaders(groups: Iterable<ReaderGroup>): ImpactReaders {
  const perNode = new Map<string, { reads: number; lastReadAt: string | null; users: Map<string, Acc>; apps: Map<string, Acc> }>();
  const users = new Map<string, Acc>();
  const apps = new Map<string, Acc>();
  let reads = 0;
  for (const g of groups) {
    let node = perNode.get(g.node);
    if (!node) {
      node = { reads: 0, lastReadAt: null, users: new Map(), apps: new Map() };
      perNode.set(g.node, node);
    }
    node.reads += g.reads;
    node.lastReadAt = later(node.lastReadAt, g.lastReadAt);
    add(node.users, g.user, g);
    add(node.apps, g.app, g, g.user);
    add(users, g.user, g);
    add(apps, g.app, g, g.user);
    reads += g.reads;
  }
  const out: ImpactReaders = { nodes: new Map(), nodeUsers: new Map(), nodeApps: new Map(), reads, users: users.size, applications: apps.size, topUsers: top(users.values(), TOP_OVERALL, asUser), topApplications: top(apps.values(), TOP_OVERALL, asApp) };
  for (const [key, node] of perNode) {
    out.nodes.set(key, { reads: node.reads, users: node.users.size, applications: node.apps.size, lastReadAt: node.lastReadAt });
    out.nodeUsers.set(key, top(node.users.values(), TOP_PER_NODE, asUser));
    out.nodeApps.set(key, top(node.apps.values(), TOP_PER_NODE, asApp));
  }
  return out;
}
