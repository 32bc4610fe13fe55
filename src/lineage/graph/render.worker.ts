import { parentPort } from 'node:worker_threads';
import type { FieldTypeView } from './field-types.js';
import type { SharedIndex } from './lineage-index.js';
import { type RenderJob, RenderRunner } from './render-job.js';

/**
 * Render thread: walks the shared index and writes lineage answers as JSON
 * bytes off the main thread, which is left to HTTP. Messages in: `index`
 * (a new generation's shared view; later jobs use it) and `job`. Replies carry
 * the bytes' ArrayBuffer transferred, not copied. Compiled to
 * dist/lineage/graph/render.worker.js, which GraphRenderPool starts.
 */
export type RenderMessage =
  | { readonly type: 'index'; readonly view: SharedIndex }
  /**
   * `spares`: buffers of this thread's earlier replies, back from the main
   * thread once sent, to write the next answers into. A job's field types
   * (`job.types`) come only when they are a new view: a job without them
   * reads the last ones sent.
   */
  | { readonly type: 'job'; readonly id: number; readonly job: RenderJob; readonly spares?: readonly ArrayBuffer[] };

export type RenderReply =
  | { readonly id: number; readonly ok: true; readonly buffer: ArrayBuffer; readonly length: number; readonly nodes: number; readonly truncated: boolean }
  /** A column-lineage job that met fields whose types it was not given (RenderOutput.unheld). */
  | { readonly id: number; readonly ok: true; readonly unheld: Int32Array; readonly nodes: number; readonly truncated: boolean }
  | { readonly id: number; readonly ok: false; readonly error: string };

let runner: RenderRunner | undefined;
let types: FieldTypeView | undefined;
/** Buffers a thread keeps to write answers into: about the answers it has out at once (10 connections, two threads). */
const MAX_SPARES = 8;
const spares: ArrayBuffer[] = [];

/** A spare buffer at least `size` long (fresh memory costs page faults and collector work on both threads). */
function take(size: number): Buffer | undefined {
  const i = spares.findIndex((b) => b.byteLength >= size);
  if (i < 0) return undefined;
  const [buffer] = spares.splice(i, 1);
  return Buffer.from(buffer);
}

parentPort?.on('message', (m: RenderMessage) => {
  if (m.type === 'index') {
    runner = new RenderRunner(m.view, runner);
    return;
  }
  for (const buffer of m.spares ?? []) if (spares.length < MAX_SPARES) spares.push(buffer);
  try {
    if (!runner || runner.view.generation !== m.job.generation) throw new Error(`no index of generation ${m.job.generation} on this render thread`);
    if (m.job.types) types = m.job.types;
    const out = runner.run(m.job.format === 'column-lineage' && !m.job.types ? { ...m.job, types } : m.job, take);
    if (out.unheld) {
      const unheld: RenderReply = { id: m.id, ok: true, unheld: out.unheld, nodes: out.nodes, truncated: out.truncated };
      parentPort?.postMessage(unheld, [out.unheld.buffer as ArrayBuffer]);
      return;
    }
    const reply: RenderReply = { id: m.id, ok: true, buffer: out.json.buffer as ArrayBuffer, length: out.json.length, nodes: out.nodes, truncated: out.truncated };
    parentPort?.postMessage(reply, [reply.buffer]);
  } catch (err) {
    parentPort?.postMessage({ id: m.id, ok: false, error: (err as Error).message } satisfies RenderReply);
  }
});
