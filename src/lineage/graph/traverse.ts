import { type Csr, OPEN, patchSlot, PRESENT, type RowLevel, rowLevelUp } from './lineage-index.js';

/** The instant a walk is as of, with the interval of each link of the graph it walks (ADR 0024). */
export interface WalkTime {
  /** PRESENT (what is true now: open intervals), or an instant in index seconds. */
  readonly at: number;
  readonly from: Uint32Array;
  readonly to: Uint32Array;
}

export type WalkDirection = 'upstream' | 'downstream' | 'both';

export interface WalkResult {
  /** Node ids in visit order (position 0 = the start). */
  readonly nodes: number[];
  /** Hops from the start, by position. */
  readonly depths: number[];
  /**
   * Links crossed, as stored (source → target), flat triples
   * [link id, source position, target position]; positions index `nodes`.
   * Only links whose both ends are in the result.
   */
  readonly links: number[];
  /** True when the node cap stopped the walk. */
  readonly truncated: boolean;
}

/**
 * Reusable visit marks for walks over one graph, so a walk allocates nothing
 * proportional to the graph: each walk takes a new stamp instead of clearing
 * arrays. Walks are synchronous, so one scratch per graph is enough.
 */
export class WalkScratch {
  private stamp = 0;
  /** Stamp of the walk that put the node in its result. */
  readonly inResult: Int32Array;
  /** The node's position in that result. */
  readonly position: Int32Array;
  /** Stamp of the pass (upstream or downstream) that reached the node. */
  readonly seen: Int32Array;
  /** Stamp of the walk that reported the link. */
  readonly linkSeen: Int32Array;
  /** Whether a node has a link true at the walk's instant: the walk's stamp (yes) or its negation (no), found once per walk. */
  readonly alive: Int32Array;

  /** Marks for walks over `forward`'s graph: its nodes, its links, and one row-level link per node (see walk()). */
  static forGraph(forward: Csr): WalkScratch {
    const nodes = forward.nodeCount ?? forward.offsets.length - 1;
    const links = forward.linkCount ?? forward.targets.length;
    // With room for what later snapshots of a live index add (see RenderRunner).
    const room = (n: number) => n + (n >> 4) + 64;
    return new WalkScratch(room(nodes), room(links + nodes));
  }

  /** True when walks over `forward`'s graph fit in these marks (a newer snapshot of the same index usually does). */
  fits(forward: Csr): boolean {
    const nodes = forward.nodeCount ?? forward.offsets.length - 1;
    return nodes <= this.inResult.length && (forward.linkCount ?? forward.targets.length) + nodes <= this.linkSeen.length;
  }

  constructor(nodeCount: number, linkCount: number) {
    this.inResult = new Int32Array(nodeCount);
    this.position = new Int32Array(nodeCount);
    this.seen = new Int32Array(nodeCount);
    this.linkSeen = new Int32Array(linkCount);
    this.alive = new Int32Array(nodeCount);
  }

  next(): number {
    if (this.stamp >= 0x3fff_ffff) {
      this.stamp = 0;
      this.inResult.fill(0);
      this.seen.fill(0);
      this.linkSeen.fill(0);
      this.alive.fill(0);
    }
    return ++this.stamp;
  }
}

/**
 * Breadth-first, depth-bounded, cycle-safe walk over CSR adjacency.
 * `forward` follows source → target (downstream), `backward` the reverse;
 * `both` is the union of the upstream and the downstream walks (not the
 * whole connected component). `accept(link)` filters links.
 *
 * `rowLevel` adds one link per column from its dataset's `*` field, both
 * ways: upstream a column is decided by what decides the rows of its
 * dataset (`up`: the `*` of each node, or -1), downstream a `*` reaches every
 * column of its dataset (`down`: CSR from each `*` to its columns). The link
 * of column c is numbered `rowLevel.linkBase + c` and reported as `*` → c.
 *
 * A node listed in an adjacency's `patch` has that list instead of its base
 * one (see LineageIndex.apply); a node past the base has no other list.
 *
 * `time` restricts the walk to the links true at its instant (every
 * interval of every edge is a link of its own); a row-level link is true
 * when the node it leads to has a link true then. Without it every link
 * counts.
 */
export function walk(
  start: number,
  forward: Csr,
  backward: Csr,
  direction: WalkDirection,
  maxDepth: number,
  nodeCap: number,
  accept?: (link: number) => boolean,
  scratch: WalkScratch = WalkScratch.forGraph(forward),
  rowLevel?: RowLevel,
  time?: WalkTime,
): WalkResult {
  const { inResult, position, seen, linkSeen, alive } = scratch;
  const walkStamp = scratch.next();
  // Row-level link ids start past every edge; a graph without them (the table graph) has none.
  const linkBase = rowLevel?.linkBase ?? Number.POSITIVE_INFINITY;
  const at = time?.at ?? PRESENT;
  const from = time?.from;
  const to = time?.to;
  const holds = (link: number): boolean => (from === undefined || to === undefined ? true : at === PRESENT ? to[link] === OPEN : from[link] <= at && at < to[link]);
  /** True when one of the node's links (either way) holds at the walk's instant. */
  const holdsAny = (csr: Csr, node: number): boolean => {
    const slot = csr.patch === undefined ? -1 : patchSlot(csr.patch, node);
    if (slot >= 0 && csr.patch !== undefined) {
      for (let i = csr.patch.offsets[slot], end = csr.patch.offsets[slot + 1]; i < end; i++) if (holds(csr.patch.edges[i])) return true;
    } else if (node < csr.offsets.length - 1) {
      for (let i = csr.offsets[node], end = csr.offsets[node + 1]; i < end; i++) if (holds(csr.edges[i])) return true;
    }
    return false;
  };
  const nodeAlive = (node: number): boolean => {
    if (time === undefined) return true;
    const known = alive[node];
    if (known === walkStamp) return true;
    if (known === -walkStamp) return false;
    const yes = holdsAny(forward, node) || holdsAny(backward, node);
    alive[node] = yes ? walkStamp : -walkStamp;
    return yes;
  };
  const nodes = [start];
  const depths = [0];
  const links: number[] = [];
  inResult[start] = walkStamp;
  position[start] = 0;
  let truncated = false;
  for (const isForward of direction === 'both' ? [true, false] : [direction === 'downstream']) {
    const { offsets, targets, edges, patch } = isForward ? forward : backward;
    const baseNodes = offsets.length - 1;
    const wholes = isForward ? undefined : rowLevel;
    const fanOut = isForward ? rowLevel?.down : undefined;
    const passStamp = scratch.next();
    seen[start] = passStamp;
    let frontier = [start];
    for (let d = 1; d <= maxDepth && frontier.length > 0; d++) {
      const next: number[] = [];
      /** Crosses one link from the frontier node at `nodePos` to `other`. */
      const cross = (link: number, other: number, nodePos: number): void => {
        if (accept !== undefined && !accept(link)) return;
        if (time !== undefined && !(link < linkBase ? holds(link) : nodeAlive(other))) return;
        if (inResult[other] !== walkStamp) {
          if (nodes.length >= nodeCap) {
            truncated = true;
            return;
          }
          inResult[other] = walkStamp;
          position[other] = nodes.length;
          nodes.push(other);
          depths.push(d);
        }
        if (seen[other] !== passStamp) {
          seen[other] = passStamp;
          next.push(other);
        }
        if (linkSeen[link] !== walkStamp) {
          linkSeen[link] = walkStamp;
          if (isForward) links.push(link, nodePos, position[other]);
          else links.push(link, position[other], nodePos);
        }
      };
      for (const node of frontier) {
        const nodePos = position[node];
        const slot = patch === undefined ? -1 : patchSlot(patch, node);
        if (slot >= 0 && patch !== undefined) {
          for (let i = patch.offsets[slot], end = patch.offsets[slot + 1]; i < end; i++) cross(patch.edges[i], patch.targets[i], nodePos);
        } else if (node < baseNodes) {
          for (let i = offsets[node], end = offsets[node + 1]; i < end; i++) cross(edges[i], targets[i], nodePos);
        }
        if (wholes !== undefined) {
          const whole = rowLevelUp(wholes, node);
          if (whole >= 0) cross(linkBase + node, whole, nodePos);
        }
        if (fanOut !== undefined) {
          const fanSlot = fanOut.patch === undefined ? -1 : patchSlot(fanOut.patch, node);
          const list = fanSlot >= 0 ? fanOut.patch : undefined;
          if (list !== undefined) {
            for (let i = list.offsets[fanSlot], end = list.offsets[fanSlot + 1]; i < end; i++) cross(linkBase + list.targets[i], list.targets[i], nodePos);
          } else if (node < fanOut.offsets.length - 1) {
            for (let i = fanOut.offsets[node], end = fanOut.offsets[node + 1]; i < end; i++) cross(linkBase + fanOut.targets[i], fanOut.targets[i], nodePos);
          }
        }
      }
      frontier = next;
    }
  }
  return { nodes, depths, links, truncated };
}
