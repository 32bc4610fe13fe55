import type { datasetShape } from './marquez-shapes.js';

export type DatasetShape = ReturnType<typeof datasetShape>;

/**
 * Datasets in Marquez's shape with their fields, kept for the graph
 * generation they were read at: the table lineage answer shows every
 * dataset it reaches, and reading them (and their fields) per answer cost
 * more than the rest of it. A write that changes a dataset or its fields
 * (new fields, a type filled in, a dataset that ends or begins) moves the
 * generation on, which starts the cache over. Past `limit` datasets (about
 * 1.7 KB of heap each with ten fields: 5,000 hold about 9 MB), those read
 * longest ago make room. The shapes are shared between answers: not to be
 * changed.
 */
export class DatasetShapeCache {
  private shapes = new Map<string, DatasetShape>();
  private generation = Number.NaN;

  constructor(private readonly limit = 5_000) {}

  /** The shapes of those of `ids` the store holds, in the order of `ids`, reading only those not held from `read` (by id). */
  async shapesOf(ids: readonly string[], generation: number, read: (ids: string[]) => Promise<Map<string, DatasetShape>>): Promise<DatasetShape[]> {
    if (generation !== this.generation) {
      this.shapes = new Map();
      this.generation = generation;
    }
    // past the limit, the datasets read longest ago go first
    if (this.shapes.size > this.limit) {
      let excess = this.shapes.size - Math.floor(this.limit * 0.9);
      for (const id of this.shapes.keys()) {
        if (excess-- <= 0) break;
        this.shapes.delete(id);
      }
    }
    const held = this.shapes;
    const missing = ids.filter((id) => !held.has(id));
    const found = missing.length > 0 ? await read(missing) : new Map<string, DatasetShape>();
    // kept only while the generation they were read for is the one held (a later answer may have started the cache over)
    if (this.shapes === held) for (const [id, shape] of found) held.set(id, shape);
    return ids.flatMap((id) => {
      const shape = held.get(id) ?? found.get(id);
      return shape ? [shape] : [];
    });
  }
}
