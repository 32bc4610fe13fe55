import { type JsonNameTable, SharedNames } from './shared-columns.js';

/**
 * The stored types of the index's fields, in shared memory beside it, for
 * answers that show a field's type (Marquez's column lineage) and are
 * written on a render thread: a code per index field id, and the distinct
 * type names once each as escaped JSON. Filled on demand: a render thread
 * that meets a field whose type is not held yet reports it (FieldTypeView,
 * `unheld`), the main thread reads those types from the store (`fill`) and
 * asks again.
 *
 * A code is 0 while the type is not held; n > 0 for type name n - 1; and
 * -(g + 1) for "no type, as read at graph generation g". A type once stored
 * never changes (OL_DATASET_FIELD rows are only inserted where missing, and
 * ingestion sets a type only where it is null), so a held type stays; "no
 * type" holds only for the generation it was read at, since a later write
 * may give the field one. Field ids are those of one index base: a new base
 * (a rebuild numbers fields afresh) starts the codes over. 4 bytes per field
 * of the index, allocated when the first answer asks.
 */
export interface FieldTypeView {
  /** The index base the codes are by (SharedIndex.base). */
  readonly base: number;
  readonly codes: Int32Array;
  /** Type names, escaped JSON contents (no quotes). */
  readonly names: JsonNameTable;
}

/** The type of field `f` in `types`: a name's position (>= 0), NO_TYPE, or UNHELD. `staleNone`: a "no type" of an earlier generation counts. */
export function fieldTypeOf(types: FieldTypeView, f: number, generation: number, staleNone = false): number {
  const code = f < types.codes.length ? types.codes[f] : 0;
  if (code > 0) return code - 1 < types.names.offsets.length - 1 ? code - 1 : UNHELD;
  if (code < 0 && (staleNone || -code - 1 === generation)) return NO_TYPE;
  return UNHELD;
}

export const NO_TYPE = -1;
export const UNHELD = -2;

/** The main thread's side: owns the codes and names, and writes what the store says. */
export class FieldTypeTable {
  private base = Number.NaN;
  private codes: Int32Array = sharedCodes(0);
  private readonly names = SharedNames.empty();
  private readonly nameIds = new Map<string, number>();
  /** The last view given, while it still shows everything held (the same object: a render pool sends a thread a view only when it is new). */
  private current?: FieldTypeView;

  /** The view render threads read for an index of base `base` with `fields` fields (codes start over for a new base). */
  view(base: number, fields: number): FieldTypeView {
    if (base !== this.base) {
      this.base = base;
      this.codes = sharedCodes(fields + (fields >> 4) + 1024);
    } else if (fields > this.codes.length) {
      const grown = sharedCodes(Math.max(fields + (fields >> 4) + 1024, Math.ceil(this.codes.length * 1.5)));
      grown.set(this.codes);
      this.codes = grown;
    }
    const current = this.current;
    if (current?.codes === this.codes && current.names.offsets.length === this.names.count + 1) return current;
    this.current = { base, codes: this.codes, names: this.names.view() };
    return this.current;
  }

  /**
   * Holds the types of `fields` (index field ids of base `base`), as `read`
   * finds them by field: its answer's entry i is field i's type, or null
   * for none (then held as none at `generation`).
   */
  async fill(base: number, fields: ArrayLike<number>, generation: number, read: (fields: ArrayLike<number>) => Promise<readonly (string | null)[]>): Promise<void> {
    const types = await read(fields);
    // A rebuild while reading renumbered the fields: what was read is not theirs any more.
    if (base !== this.base) return;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (f >= this.codes.length) continue;
      const type = types[i];
      this.codes[f] = type === null ? -(generation + 1) : this.nameId(type) + 1;
    }
  }

  /** Bytes held (for the index's memory gauges). */
  get allocatedBytes(): number {
    return this.codes.byteLength + this.names.allocatedBytes;
  }

  private nameId(type: string): number {
    let id = this.nameIds.get(type);
    if (id === undefined) {
      id = this.names.count;
      this.names.push(type);
      this.nameIds.set(type, id);
    }
    return id;
  }
}

function sharedCodes(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));
}
