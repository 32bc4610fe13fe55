import { type Csr, OPEN, patchLayer, patchSlot, PRESENT, type RowLevel, rowLevelUp } from './lineage-index.js';

/** The instant a walk is as of, with the interval of each link of the graph it walks (ADR 0024). */
export interface WalkTime {
  /** PRESENT (what is true now: open intervals), or an instant in index seconds. */
  readonly at: number;
  readonly from: Uint32Array;
  readonly to: Uint32Array;
  /** Which of the first links are open (OpenLinks): what a walk of the present reads instead of `to` for them. */
  readonly open?: OpenLinks;
}

/**
 * One bit per link, set when the link's interval is open (`to` is OPEN), for
 * the first `count` links. A slot's interval never changes once written
 * (an edge that ends gets a new slot; LineageIndex.apply), so the bits hold
 * for every later snapshot of the same base; links added since are past
 * `count` and read from `to`. A walk of the present checks each link it
 * meets: 1.25 MB of bits for 10 M links stays in the cache where 40 MB of
 * `to` does not.
 */
export interface OpenLinks {
  readonly bits: Uint8Array;
  readonly count: number;
}

export function openLinks(to: Uint32Array): OpenLinks {
  const count = to.length;
  const bits = new Uint8Array((count + 7) >> 3);
  for (let e = 0; e < count; e++) if (to[e] === OPEN) bits[e >> 3] |= 1 << (e & 7);
  return { bits, count };
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
 *
 * A node's three marks lie side by side (`nodeMarks`, stride NODE_MARKS), so
 * a walk meeting a node reads one cache line, not three arrays: on a graph
 * of millions of fields every mark read is a cache miss.
 */
export class WalkScratch {
  private stamp = 0;
  /** Nodes these marks have room for. */
  readonly nodeCount: number;
  /**
   * Per node, at `node * NODE_MARKS`: the stamp of the walk that put it in
   * its result (IN_RESULT), its position in that result (POSITION), the stamp
   * of the pass (upstream or downstream) that reached it (SEEN).
   */
  readonly nodeMarks: Int32Array;
  /** Whether a node has a link true at the walk's instant: the walk's stamp (yes) or its negation (no), found once per walk. */
  readonly alive: Int32Array;

  /** Marks for walks over `forward`'s graph, with room for what later snapshots of a live index add (see RenderRunner). */
  static forGraph(forward: Csr): WalkScratch {
    const nodes = forward.nodeCount ?? forward.offsets.length - 1;
    return new WalkScratch(nodes + (nodes >> 4) + 64);
  }

  /** True when walks over `forward`'s graph fit in these marks (a newer snapshot of the same index usually does). */
  fits(forward: Csr): boolean {
    return (forward.nodeCount ?? forward.offsets.length - 1) <= this.nodeCount;
  }

  constructor(nodeCount: number) {
    this.nodeCount = nodeCount;
    this.nodeMarks = new Int32Array(nodeCount * NODE_MARKS);
    this.alive = new Int32Array(nodeCount);
  }

  next(): number {
    if (this.stamp >= 0x3fff_ffff) {
      this.stamp = 0;
      this.nodeMarks.fill(0);
      this.alive.fill(0);
    }
    return ++this.stamp;
  }
}

/** Marks per node in WalkScratch.nodeMarks, and their offsets. */
const NODE_MARKS = 3;
const IN_RESULT = 0;
const POSITION = 1;
const SEEN = 2;

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
  const { nodeMarks, alive } = scratch;
  const walkStamp = scratch.next();
  // Row-level link ids start past every edge; a graph without them (the table graph) has none.
  const linkBase = rowLevel?.linkBase ?? Number.POSITIVE_INFINITY;
  const at = time?.at ?? PRESENT;
  const from = time?.from;
  const to = time?.to;
  const openBits = time?.open?.bits;
  const openCount = time?.open?.count ?? 0;
  const holds = (link: number): boolean => {
    if (from === undefined || to === undefined) return true;
    if (at !== PRESENT) return from[link] <= at && at < to[link];
    return openBits !== undefined && link < openCount ? (openBits[link >> 3] & (1 << (link & 7))) !== 0 : to[link] === OPEN;
  };
  /** True when one of the node's links (either way) holds at the walk's instant. */
  const holdsAny = (csr: Csr, node: number): boolean => {
    const layer = patchLayer(csr.patch, node);
    if (layer !== undefined) {
      const slot = patchSlot(layer, node);
      for (let i = layer.offsets[slot], end = layer.offsets[slot + 1]; i < end; i++) if (holds(layer.edges[i])) return true;
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
  nodeMarks[start * NODE_MARKS + IN_RESULT] = walkStamp;
  nodeMarks[start * NODE_MARKS + POSITION] = 0;
  let truncated = false;
  const passes = direction === 'both' ? [true, false] : [direction === 'downstream'];
  // A pass crosses each link once (from the one node of its frontier it leaves), so only a walk in both
  // directions keeps the links of its first pass, which its second meets again.
  const firstPassLinks = passes.length > 1 ? new Set<number>() : undefined;
  for (let pass = 0; pass < passes.length; pass++) {
    const isForward = passes[pass];
    const { offsets, targets, edges, patch } = isForward ? forward : backward;
    const baseNodes = offsets.length - 1;
    const wholes = isForward ? undefined : rowLevel;
    const fanOut = isForward ? rowLevel?.down : undefined;
    const passStamp = scratch.next();
    const firstPass = pass === 0;
    nodeMarks[start * NODE_MARKS + SEEN] = passStamp;
    let frontier = [start];
    for (let d = 1; d <= maxDepth && frontier.length > 0; d++) {
      const next: number[] = [];
      /** Crosses one link from the frontier node at `nodePos` to `other`. */
      const cross = (link: number, other: number, nodePos: number): void => {
        if (accept !== undefined && !accept(link)) return;
        if (time !== undefined && !(link < linkBase ? holds(link) : nodeAlive(other))) return;
        const marks = other * NODE_MARKS;
        if (nodeMarks[marks + IN_RESULT] !== walkStamp) {
          if (nodes.length >= nodeCap) {
            truncated = true;
            return;
          }
          nodeMarks[marks + IN_RESULT] = walkStamp;
          nodeMarks[marks + POSITION] = nodes.length;
          nodes.push(other);
          depths.push(d);
        }
        if (nodeMarks[marks + SEEN] !== passStamp) {
          nodeMarks[marks + SEEN] = passStamp;
          next.push(other);
        }
        if (firstPassLinks !== undefined) {
          if (firstPass) firstPassLinks.add(link);
          else if (firstPassLinks.has(link)) return;
        }
        if (isForward) links.push(link, nodePos, nodeMarks[marks + POSITION]);
        else links.push(link, nodeMarks[marks + POSITION], nodePos);
      };
      for (const node of frontier) {
        const nodePos = nodeMarks[node * NODE_MARKS + POSITION];
        const layer = patchLayer(patch, node);
        if (layer !== undefined) {
          const slot = patchSlot(layer, node);
          for (let i = layer.offsets[slot], end = layer.offsets[slot + 1]; i < end; i++) cross(layer.edges[i], layer.targets[i], nodePos);
        } else if (node < baseNodes) {
          for (let i = offsets[node], end = offsets[node + 1]; i < end; i++) cross(edges[i], targets[i], nodePos);
        }
        if (wholes !== undefined) {
          const whole = rowLevelUp(wholes, node);
          if (whole >= 0) cross(linkBase + node, whole, nodePos);
        }
        if (fanOut !== undefined) {
          const list = patchLayer(fanOut.patch, node);
          if (list !== undefined) {
            const fanSlot = patchSlot(list, node);
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
