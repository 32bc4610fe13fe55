import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { TRANSFORMATION_SUBTYPES } from '../model/transformation.js';
import { headroom, type IndexBase, type JsonNameTable } from './graph/lineage-index.js';

/**
 * The lineage index's base in a file (ADR 0017, "Snapshot"), so a restart
 * reads arrays instead of interning every edge of the store again:
 *
 *     "LNIDX003"  uint32 LE header length  header (JSON)  section…
 *
 * The header says the store the base was built from (its identity, see
 * LineageRepository.storeIdentity), the graph generation it holds, the
 * transformation subtypes its codes index, and each section's name, type
 * and byte length, in file order. Numeric sections are the typed arrays'
 * bytes (little-endian, as the machine writes them); name lists are JSON
 * arrays. Written to a temporary file and renamed, so a reader sees a whole
 * snapshot or the previous one.
 */

// 002: field names only in their JSON name table (001 also kept them as a JSON array).
// 003: every interval of every edge is a slot, with its [from, to) (edgeFrom, edgeTo), and run links with their first run's time (ADR 0024).
const MAGIC = Buffer.from('LNIDX003', 'latin1');

type NumericType = 'i32' | 'u8' | 'f32' | 'f64' | 'u32';
type SectionType = NumericType | 'json';

interface Section {
  readonly name: string;
  readonly type: SectionType;
  readonly bytes: number;
}

export interface SnapshotHeader {
  readonly store: string;
  readonly generation: number;
  readonly subtypes: readonly string[];
  readonly sections: readonly Section[];
}

/** Why a snapshot file cannot be used (unreadable, another format, cut short). */
export class SnapshotUnusableError extends Error {}

const ARRAYS = {
  i32: Int32Array,
  u8: Uint8Array,
  f32: Float32Array,
  f64: Float64Array,
  u32: Uint32Array,
} as const;

type NumericArray = Int32Array | Uint8Array | Float32Array | Float64Array | Uint32Array;

/** Sections in file order: what each holds and whether it gets room to grow when read (the index appends to it). */
const LAYOUT: readonly { name: string; type: SectionType; grows?: boolean; get: (b: IndexBase) => NumericArray | readonly string[] }[] = [
  { name: 'datasetNamespace', type: 'json', get: (b) => b.datasetNamespace },
  { name: 'datasetName', type: 'json', get: (b) => b.datasetName },
  { name: 'strings', type: 'json', get: (b) => b.strings },
  ...(['datasetNamespace', 'datasetName', 'fieldName', 'strings'] as const).flatMap((table) => [
    { name: `names.${table}.bytes`, type: 'u8' as const, grows: true, get: (b: IndexBase) => b.names[table].bytes },
    { name: `names.${table}.offsets`, type: 'i32' as const, grows: true, get: (b: IndexBase) => b.names[table].offsets },
  ]),
  { name: 'fieldDatasetId', type: 'i32', grows: true, get: (b) => b.fieldDatasetId },
  { name: 'edgeSource', type: 'i32', grows: true, get: (b) => b.edgeSource },
  { name: 'edgeTarget', type: 'i32', grows: true, get: (b) => b.edgeTarget },
  { name: 'edgeDirect', type: 'u8', grows: true, get: (b) => b.edgeDirect },
  { name: 'edgeSubtype', type: 'u8', grows: true, get: (b) => b.edgeSubtype },
  { name: 'edgeDescription', type: 'i32', grows: true, get: (b) => b.edgeDescription },
  { name: 'edgeConfidence', type: 'f32', grows: true, get: (b) => b.edgeConfidence },
  { name: 'edgeMasking', type: 'u8', grows: true, get: (b) => b.edgeMasking },
  { name: 'edgeRank', type: 'f64', grows: true, get: (b) => b.edgeRank },
  { name: 'edgeFrom', type: 'u32', grows: true, get: (b) => b.edgeFrom },
  { name: 'edgeTo', type: 'u32', grows: true, get: (b) => b.edgeTo },
  { name: 'pairFrom', type: 'i32', get: (b) => b.pairFrom },
  { name: 'pairTo', type: 'i32', get: (b) => b.pairTo },
  { name: 'runLinks', type: 'i32', get: (b) => b.runLinks },
  { name: 'runLinkFrom', type: 'u32', get: (b) => b.runLinkFrom },
];

function bytesOf(value: NumericArray | readonly string[]): Buffer {
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** Writes `base` of the store `store` to `path` (whole, or not at all); returns the bytes written. */
export async function writeSnapshot(path: string, store: string, base: IndexBase): Promise<number> {
  const parts = LAYOUT.map((s) => ({ section: { name: s.name, type: s.type, bytes: 0 }, data: bytesOf(s.get(base)) }));
  const header: SnapshotHeader = { store, generation: base.generation, subtypes: TRANSFORMATION_SUBTYPES, sections: parts.map((p) => ({ ...p.section, bytes: p.data.length })) };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  const temporary = `${path}.${process.pid}.tmp`;
  const file = await open(temporary, 'w');
  let written = 0;
  try {
    for (const chunk of [MAGIC, length, headerBytes, ...parts.map((p) => p.data)]) {
      // Big sections in slices: one write call is limited to 2 GB.
      for (let at = 0; at < chunk.length; at += 1 << 30) written += (await file.write(chunk, at, Math.min(1 << 30, chunk.length - at))).bytesWritten;
    }
    await file.sync();
  } catch (err) {
    await file.close();
    await rm(temporary, { force: true });
    throw err;
  }
  await file.close();
  await rename(temporary, path);
  return written;
}

/** A snapshot file opened: its header, and the base it holds (read on demand). */
export interface OpenedSnapshot {
  readonly header: SnapshotHeader;
  /** Reads the base and closes the file. */
  read(): Promise<IndexBase>;
  /** Closes the file without reading. */
  close(): Promise<void>;
}

/** Opens the snapshot at `path`; undefined when there is none; SnapshotUnusableError when the file is not a whole snapshot of this format. */
export async function openSnapshot(path: string): Promise<OpenedSnapshot | undefined> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SnapshotUnusableError(`cannot open ${path}: ${(err as Error).message}`);
  }
  let header: SnapshotHeader;
  let sectionsAt: number;
  try {
    ({ header, sectionsAt } = await readHeader(file, path));
  } catch (err) {
    await file.close();
    throw err;
  }
  return {
    header,
    read: async () => {
      try {
        return await readBase(file, header, sectionsAt);
      } finally {
        await file.close();
      }
    },
    close: () => file.close(),
  };
}

async function readHeader(file: FileHandle, path: string): Promise<{ header: SnapshotHeader; sectionsAt: number }> {
  const size = (await file.stat()).size;
  const start = await readAt(file, 0, Math.min(12, size));
  if (size < 12 || !start.subarray(0, 8).equals(MAGIC)) throw new SnapshotUnusableError(`${path} is not a lineage index snapshot of this version`);
  const headerLength = start.readUInt32LE(8);
  if (12 + headerLength > size) throw new SnapshotUnusableError(`${path} is cut short`);
  let header: SnapshotHeader;
  try {
    header = JSON.parse((await readAt(file, 12, headerLength)).toString('utf8')) as SnapshotHeader;
  } catch {
    throw new SnapshotUnusableError(`${path} has an unreadable header`);
  }
  const layout = LAYOUT.map((s) => `${s.name}:${s.type}`).join(',');
  if (!Array.isArray(header.sections) || header.sections.map((s) => `${s.name}:${s.type}`).join(',') !== layout) throw new SnapshotUnusableError(`${path} has other sections than this version writes`);
  if (JSON.stringify(header.subtypes) !== JSON.stringify(TRANSFORMATION_SUBTYPES)) throw new SnapshotUnusableError(`${path} codes other transformation subtypes`);
  const end = 12 + headerLength + header.sections.reduce((n, s) => n + s.bytes, 0);
  if (end !== size) throw new SnapshotUnusableError(`${path} is ${size} bytes, its header describes ${end}`);
  return { header, sectionsAt: 12 + headerLength };
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const out = Buffer.alloc(length);
  const { bytesRead } = await file.read(out, 0, length, position);
  if (bytesRead !== length) throw new SnapshotUnusableError('snapshot file cut short');
  return out;
}

async function readBase(file: FileHandle, header: SnapshotHeader, sectionsAt: number): Promise<IndexBase> {
  let position = sectionsAt;
  const values = new Map<string, NumericArray | string[]>();
  for (const [i, section] of header.sections.entries()) {
    const layout = LAYOUT[i];
    if (section.type === 'json') {
      values.set(section.name, JSON.parse((await readAt(file, position, section.bytes)).toString('utf8')) as string[]);
    } else {
      const type = ARRAYS[section.type];
      const length = section.bytes / type.BYTES_PER_ELEMENT;
      if (!Number.isInteger(length)) throw new SnapshotUnusableError(`section ${section.name} is not a whole number of elements`);
      // Read straight into shared memory, with the room a build leaves, so the index uses the buffer as it is.
      const buffer = new SharedArrayBuffer(Math.max(1, length + (layout.grows ? headroom(length) : 0)) * type.BYTES_PER_ELEMENT);
      for (let at = 0; at < section.bytes; at += 1 << 30) {
        const n = Math.min(1 << 30, section.bytes - at);
        const { bytesRead } = await file.read(new Uint8Array(buffer, at, n), 0, n, position + at);
        if (bytesRead !== n) throw new SnapshotUnusableError(`section ${section.name} is cut short`);
      }
      values.set(section.name, new (type as unknown as new (b: ArrayBufferLike, offset: number, length: number) => NumericArray)(buffer, 0, length));
    }
    position += section.bytes;
  }
  const get = <T>(name: string) => values.get(name) as T;
  const table = (name: string): JsonNameTable => ({ bytes: get<Uint8Array>(`names.${name}.bytes`), offsets: get<Int32Array>(`names.${name}.offsets`) });
  return {
    generation: header.generation,
    datasetNamespace: get<string[]>('datasetNamespace'),
    datasetName: get<string[]>('datasetName'),
    strings: get<string[]>('strings'),
    names: { datasetNamespace: table('datasetNamespace'), datasetName: table('datasetName'), fieldName: table('fieldName'), strings: table('strings') },
    fieldDatasetId: get<Int32Array>('fieldDatasetId'),
    edgeSource: get<Int32Array>('edgeSource'),
    edgeTarget: get<Int32Array>('edgeTarget'),
    edgeDirect: get<Uint8Array>('edgeDirect'),
    edgeSubtype: get<Uint8Array>('edgeSubtype'),
    edgeDescription: get<Int32Array>('edgeDescription'),
    edgeConfidence: get<Float32Array>('edgeConfidence'),
    edgeMasking: get<Uint8Array>('edgeMasking'),
    edgeRank: get<Float64Array>('edgeRank'),
    edgeFrom: get<Uint32Array>('edgeFrom'),
    edgeTo: get<Uint32Array>('edgeTo'),
    pairFrom: get<Int32Array>('pairFrom'),
    pairTo: get<Int32Array>('pairTo'),
    runLinks: get<Int32Array>('runLinks'),
    runLinkFrom: get<Uint32Array>('runLinkFrom'),
  };
}
