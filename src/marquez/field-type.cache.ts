/**
 * The stored types of fields, kept between column-lineage answers (Marquez
 * shows each field's type; reading them per answer cost more than the walk).
 * A stored type, once set, never changes: OL_DATASET_FIELD rows are only
 * ever inserted where missing, and ingestion fills a type only where it is
 * null (`UPDATE … WHERE field_type IS NULL`). So a known type is kept until
 * the cache is full, and a field without one is remembered only for the
 * graph generation it was read at (a later write may give it one).
 */
export class FieldTypeCache {
  private readonly known = new Map<string, string>();
  private unknown = new Set<string>();
  private unknownAt = Number.NaN;

  constructor(private readonly limit = 100_000) {}

  /** The type of each of `ids` (by field id) that has one, reading only those not known from `read`. */
  async typesOf(ids: Iterable<string>, generation: number, read: (ids: string[]) => Promise<Map<string, string>>): Promise<(id: string) => string | null> {
    if (generation !== this.unknownAt || this.unknown.size > this.limit) {
      this.unknown = new Set();
      this.unknownAt = generation;
    }
    const missing: string[] = [];
    for (const id of ids) if (!this.known.has(id) && !this.unknown.has(id)) missing.push(id);
    const found = missing.length > 0 ? await read(missing) : new Map<string, string>();
    if (this.known.size + found.size > this.limit) this.known.clear();
    for (const id of missing) {
      const type = found.get(id);
      if (type === undefined) this.unknown.add(id);
      else this.known.set(id, type);
    }
    return (id) => this.known.get(id) ?? found.get(id) ?? null;
  }
}
