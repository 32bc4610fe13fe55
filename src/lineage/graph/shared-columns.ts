/**
 * Typed columns and name tables in shared memory that grow by appending:
 * what the lineage index (and the tables beside it that render threads
 * read) is made of.
 */

/** Room left in the columns after a build for changes to append into before a buffer must grow. */
export function headroom(n: number): number {
  return 1024 + (n >> 4);
}

export type Column = Int32Array | Uint8Array | Float32Array | Float64Array | Uint32Array;
export type ColumnType<T extends Column> = { new (b: ArrayBufferLike | number): T; readonly BYTES_PER_ELEMENT: number };

/**
 * A typed column in shared memory that grows by appending. A snapshot takes
 * `view()`, a prefix: appending writes past it (or into a new, larger
 * buffer), so what a snapshot reads never changes.
 */
export class SharedColumn<T extends Column> {
  private data: T;
  length = 0;

  constructor(
    private readonly type: ColumnType<T>,
    capacity = 1024,
  ) {
    this.data = new type(new SharedArrayBuffer(Math.max(1, capacity) * type.BYTES_PER_ELEMENT));
  }

  /**
   * A column over `values` as they are (a view whose shared buffer may have
   * room past its end), or a copy with `room` when it has too little, or
   * more than twice that (a builder's column grown by half each time: kept,
   * it would hold up to half as much again as it needs, by where the count
   * of edges falls between two growths).
   */
  static adopt<T extends Column>(type: ColumnType<T>, values: T, room: number): SharedColumn<T> {
    const buffer = values.buffer;
    const bytes = type.BYTES_PER_ELEMENT;
    if (!(buffer instanceof SharedArrayBuffer) || values.byteOffset !== 0 || buffer.byteLength < (values.length + room) * bytes || buffer.byteLength > (values.length + 2 * room) * bytes) return SharedColumn.of(type, values, room);
    const column = new SharedColumn(type, 0);
    column.data = new type(buffer);
    column.length = values.length;
    return column;
  }

  static of<T extends Column>(type: ColumnType<T>, values: ArrayLike<number>, headroom: number): SharedColumn<T> {
    const column = new SharedColumn(type, values.length + headroom);
    column.data.set(values as never);
    column.length = values.length;
    return column;
  }

  private room(n: number): void {
    if (this.length + n <= this.data.length) return;
    const next = new this.type(new SharedArrayBuffer(Math.max(this.length + n, Math.ceil(this.data.length * 1.5)) * this.type.BYTES_PER_ELEMENT));
    next.set(this.data.subarray(0, this.length) as never);
    this.data = next;
  }

  push(v: number): void {
    this.room(1);
    this.data[this.length++] = v;
  }

  pushAll(values: ArrayLike<number>): void {
    this.room(values.length);
    this.data.set(values as never, this.length);
    this.length += values.length;
  }

  get(i: number): number {
    return this.data[i];
  }

  view(): T {
    return this.data.subarray(0, this.length) as T;
  }

  get allocatedBytes(): number {
    return this.data.byteLength;
  }
}

/** Escaped JSON string contents (what a JsonNameTable entry holds, decoded from UTF-8) as the string they stand for. */
export function unescapeJson(raw: string): string {
  return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
}

/** Strings as escaped JSON string contents in UTF-8: entry i is bytes[offsets[i]..offsets[i+1]]. */
export interface JsonNameTable {
  readonly bytes: Uint8Array;
  readonly offsets: Int32Array;
}

/** A growing JsonNameTable (see SharedColumn). */
export class SharedNames {
  private constructor(
    private readonly quote: boolean,
    private readonly bytes: SharedColumn<Uint8Array>,
    private readonly offsets: SharedColumn<Int32Array>,
  ) {}

  /** An empty table; `quote` keeps the quotes around each entry. */
  static empty(quote = false): SharedNames {
    const names = new SharedNames(quote, new SharedColumn(Uint8Array, 4096), new SharedColumn(Int32Array, 1024));
    names.offsets.push(0);
    return names;
  }

  /** A table holding `table`'s entries, escaped as this table escapes them, with room to grow. */
  static adopt(table: JsonNameTable, quote = false): SharedNames {
    return new SharedNames(quote, SharedColumn.adopt(Uint8Array, table.bytes, headroom(table.bytes.length)), SharedColumn.adopt(Int32Array, table.offsets, headroom(table.offsets.length)));
  }

  /** Entry i as a string (escaped JSON contents decoded; a quoting table is not asked this). */
  text(i: number): string {
    const offsets = this.offsets;
    const from = offsets.get(i);
    return unescapeJson(Buffer.from(this.bytes.view().buffer, from, offsets.get(i + 1) - from).toString('utf8'));
  }

  /** Whether entry i holds `encoded` (a value as push() escapes it). */
  holds(i: number, encoded: Uint8Array): boolean {
    const from = this.offsets.get(i);
    if (this.offsets.get(i + 1) - from !== encoded.length) return false;
    const bytes = this.bytes;
    for (let k = 0; k < encoded.length; k++) if (bytes.get(from + k) !== encoded[k]) return false;
    return true;
  }

  /** Entries held. */
  get count(): number {
    return this.offsets.length - 1;
  }

  push(value: string): void {
    const json = JSON.stringify(value);
    this.bytes.pushAll(Buffer.from(this.quote ? json : json.slice(1, -1), 'utf8'));
    this.offsets.push(this.bytes.length);
  }

  view(): JsonNameTable {
    return { bytes: this.bytes.view(), offsets: this.offsets.view() };
  }

  get allocatedBytes(): number {
    return this.bytes.allocatedBytes + this.offsets.allocatedBytes;
  }
}
