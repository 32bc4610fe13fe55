/**
 * Values read from the store by id, kept for the graph generation they were
 * read at (what this process knows: LineageService.knownGeneration). The
 * Marquez table lineage reaches a hundred datasets at depth 5 and shows each
 * with its fields and the jobs whose runs touched it: reading those per
 * answer cost five to eight times the rest of it (bench:api). A write that
 * changes them (new fields, a type filled in, a dataset that ends or begins,
 * a run's link to a dataset) moves the generation on, which starts the cache
 * over. Past `limit` ids, those read longest ago make room. Values are
 * shared between answers: not to be changed.
 */
export class GenerationCache<V> {
  private values = new Map<string, V>();
  private generation = Number.NaN;

  constructor(private readonly limit: number) {}

  /**
   * The values of those of `ids` the store holds, in the order of `ids`,
   * reading only those not held from `read` (by id). An id `read` gives no
   * value for is read again next time: to keep "none" too, give it a value
   * that says so (an empty list).
   */
  async valuesOf(ids: readonly string[], generation: number, read: (ids: string[]) => Promise<Map<string, V>>): Promise<V[]> {
    if (generation !== this.generation) {
      this.values = new Map();
      this.generation = generation;
    }
    // past the limit, the ids read longest ago go first
    if (this.values.size > this.limit) {
      let excess = this.values.size - Math.floor(this.limit * 0.9);
      for (const id of this.values.keys()) {
        if (excess-- <= 0) break;
        this.values.delete(id);
      }
    }
    const held = this.values;
    const missing = ids.filter((id) => !held.has(id));
    const found = missing.length > 0 ? await read(missing) : new Map<string, V>();
    // kept only while the generation they were read for is the one held (a later answer may have started the cache over)
    if (this.values === held) for (const [id, value] of found) held.set(id, value);
    return ids.flatMap((id) => {
      const value = held.get(id) ?? found.get(id);
      return value === undefined ? [] : [value];
    });
  }
}
