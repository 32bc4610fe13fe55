import { afterEach, describe, expect, it } from 'vitest';
import { LineageConfig } from '../../../src/config/app-config.js';
import { GraphRenderPool } from '../../../src/lineage/graph-render.pool.js';
import { LineageIndex } from '../../../src/lineage/graph/lineage-index.js';
import type { ColumnEdge } from '../../../src/model/column-edge.js';
import type { RenderJob } from '../../../src/lineage/graph/render-job.js';
import type { RenderMessage } from '../../../src/lineage/graph/render.worker.js';
import { FieldTypeTable } from '../../../src/lineage/graph/field-types.js';
import { ALL_NODE_FIELDS } from '../../../src/lineage/graph-format.js';

// A layered graph: 30 tables of 5 columns, each column fed by three columns of the table before.
function layered(generation: number): LineageIndex {
  const edges: ColumnEdge[] = [];
  for (let t = 1; t < 30; t++) {
    for (let c = 0; c < 5; c++) {
      for (const k of [0, 1, 2]) {
        edges.push({
          sourceNamespace: 'td://h:1025',
          sourceDataset: `db.t${t - 1}`,
          sourceField: `c${(c + k) % 5}`,
          targetNamespace: 'td://h:1025',
          targetDataset: `db.t${t}`,
          targetField: `c${c}`,
          transformationType: k === 2 ? 'INDIRECT' : 'DIRECT',
          transformationSubtype: k === 2 ? 'FILTER' : 'IDENTITY',
          description: k === 1 ? `"quoted" ${t}` : null,
          masking: false,
          confidence: 0.9,
        });
      }
    }
  }
  return LineageIndex.build(generation, edges);
}

function jobFor(index: LineageIndex, table: number, overrides: Partial<RenderJob> = {}): RenderJob {
  return {
    generation: index.generation,
    kind: 'field',
    start: index.fieldId('td://h:1025', `db.t${table}`, 'c0'),
    root: `datasetField:td://h:1025:db.t${table}:c0`,
    direction: 'upstream',
    maxDepth: 6,
    nodeCap: 5000,
    direct: -1,
    format: 'json',
    fields: ALL_NODE_FIELDS,
    ...overrides,
  };
}

function config(renderThreads: number, cores = 8): LineageConfig {
  return Object.assign(new LineageConfig(), { maxDepthLimit: 20, defaultMaxDepth: 5, minMaxDepth: 1, nodeCap: 5000, renderThreads, cores });
}

describe('GraphRenderPool on real worker threads', () => {
  let pool: GraphRenderPool | undefined;
  afterEach(async () => {
    await pool?.onModuleDestroy();
    pool = undefined;
  });

  it('answers byte for byte what the main thread writes, for many concurrent jobs', async () => {
    pool = new GraphRenderPool(config(2));
    const index = layered(1);
    const jobs = Array.from({ length: 60 }, (_, i) => jobFor(index, 5 + (i % 25), { direction: (['upstream', 'downstream', 'both'] as const)[i % 3], direct: ([-1, 0, 1] as const)[i % 3] }));
    const answers = await Promise.all(jobs.map((j) => pool!.render(index, j)));
    expect(pool.threads).toBe(2);
    answers.forEach((a, i) => {
      const here = pool!.renderHere(index, jobs[i]);
      expect(a.json.equals(here.json)).toBe(true);
      expect([a.nodes, a.truncated]).toEqual([here.nodes, here.truncated]);
      expect(() => JSON.parse(a.json.toString('utf8'))).not.toThrow();
    });
  });

  it('gives jobs to the first idle thread: a second thread starts only while the first is busy', async () => {
    pool = new GraphRenderPool(config(2));
    const index = layered(1);
    // One job at a time: the first thread is idle whenever one comes, and answers them all.
    for (let i = 0; i < 10; i++) await pool.render(index, jobFor(index, 5 + i));
    expect(pool.threads).toBe(1);
    // Two at once: the second finds the first busy.
    await Promise.all([pool.render(index, jobFor(index, 20)), pool.render(index, jobFor(index, 21))]);
    expect(pool.threads).toBe(2);
  });

  it('gives each thread a new generation when the index changes', async () => {
    pool = new GraphRenderPool(config(1));
    const first = layered(1);
    const a = await pool.render(first, jobFor(first, 10));
    const second = LineageIndex.build(2, [
      { sourceNamespace: 'td://h:1025', sourceDataset: 'db.t9', sourceField: 'c0', targetNamespace: 'td://h:1025', targetDataset: 'db.t10', targetField: 'c0', transformationType: 'DIRECT', transformationSubtype: 'IDENTITY', description: null, masking: false, confidence: 1 },
    ]);
    const b = await pool.render(second, jobFor(second, 10));
    expect(a.nodes).toBeGreaterThan(2);
    expect(b.nodes).toBe(2);
  });

  it('takes a sent buffer back and writes a later answer into it', async () => {
    pool = new GraphRenderPool(config(1));
    const index = layered(1);
    const first = await pool.render(index, jobFor(index, 20));
    const buffer = first.json.buffer;
    const size = buffer.byteLength;
    pool.release(first.json);
    // Kept until the thread's next job carries it back…
    expect(buffer.byteLength).toBe(size);
    // A smaller answer, which a buffer of its own would not fit so exactly.
    const smaller = jobFor(index, 19, { maxDepth: 2 });
    const second = await pool.render(index, smaller);
    // …then moved to the thread (detached here), which wrote the next answer into it rather than into a buffer of its own size.
    expect(buffer.byteLength).toBe(0);
    expect(second.json.buffer.byteLength).toBe(size);
    expect(pool.renderHere(index, smaller).json.buffer.byteLength).not.toBe(size);
    expect(second.json.equals(pool.renderHere(index, smaller).json)).toBe(true);
    // A buffer the pool did not hand out is left alone.
    const foreign = Buffer.from('{}');
    pool.release(foreign);
    expect(foreign.toString()).toBe('{}');
  });

  it('renders on the main thread when a thread dies, and starts a new one for later jobs', async () => {
    pool = new GraphRenderPool(config(1));
    const index = layered(1);
    await pool.render(index, jobFor(index, 12));
    const slot = (pool as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots[0];
    const answers = Promise.all(Array.from({ length: 5 }, (_, i) => pool!.render(index, jobFor(index, 12 + i))));
    await slot.worker.terminate();
    const got = await answers;
    got.forEach((a, i) => expect(a.json.equals(pool!.renderHere(index, jobFor(index, 12 + i)).json)).toBe(true));
    await pool.render(index, jobFor(index, 25));
    expect(pool.threads).toBe(1);
  });

  it("writes Marquez's column lineage on a thread: reports the types it lacks, sends the field types once per new view, and fills them in", async () => {
    pool = new GraphRenderPool(config(1));
    const index = layered(1);
    const { base } = index.view();
    const table = new FieldTypeTable();
    const job = (t: number) => jobFor(index, t, { format: 'column-lineage', types: table.view(base, index.fieldCount) });
    const posted: RenderMessage[] = [];
    const first = await pool.render(index, job(10));
    // The walk's fields, none of them held yet: no answer, the fields to read
    expect(first.json.length).toBe(0);
    expect(first.unheld?.length).toBe(first.nodes);
    await table.fill(base, first.unheld ?? [], index.generation, async (fs) => Array.from(fs, (f) => `VARCHAR(${index.fieldName(f).length})`));
    // A new view (a name was added): sent with the job
    const slot = (pool as unknown as { slots: { worker: { postMessage(m: RenderMessage, t?: unknown): void } }[] }).slots[0];
    const post = slot.worker.postMessage.bind(slot.worker);
    slot.worker.postMessage = (m, t) => {
      posted.push(m);
      post(m, t);
    };
    const second = await pool.render(index, job(10));
    // The same view again: the job goes without it, and the thread uses the one it holds
    const third = await pool.render(index, job(10));
    expect(posted.map((m) => (m.type === 'job' ? m.job.types !== undefined : 'index'))).toEqual([true, false]);
    expect(second.unheld).toBeUndefined();
    expect(third.json.equals(second.json)).toBe(true);
    // written by the thread (a job it failed would have been written on this one instead)
    expect((pool as unknown as { writtenBy: WeakMap<ArrayBuffer, unknown> }).writtenBy.has(third.json.buffer as ArrayBuffer)).toBe(true);
    expect(second.json.equals(pool.renderHere(index, job(10)).json)).toBe(true);
    const nodes = (JSON.parse(second.json.toString('utf8')) as { graph: { type: string; data: { fieldType: string } }[] }).graph;
    expect(nodes).toHaveLength(first.nodes);
    expect(new Set(nodes.map((n) => `${n.type} ${n.data.fieldType}`))).toEqual(new Set(['DATASET_FIELD VARCHAR(2)']));
  });

  it('starts no more threads than the cores', () => {
    expect(GraphRenderPool.threadsFor(4, 1)).toBe(1);
    expect(GraphRenderPool.threadsFor(4, 2)).toBe(2);
    expect(GraphRenderPool.threadsFor(2, 16)).toBe(2);
    expect(GraphRenderPool.threadsFor(0, 16)).toBe(0);
    expect(new GraphRenderPool(config(4, 1)).capacity).toBe(1);
    expect(new GraphRenderPool(config(4, 3)).capacity).toBe(3);
  });

  it('renders on the main thread when configured with no threads', async () => {
    pool = new GraphRenderPool(config(0));
    const index = layered(1);
    const a = await pool.render(index, jobFor(index, 7));
    expect(pool.threads).toBe(0);
    expect(JSON.parse(a.json.toString('utf8')).root).toBe('datasetField:td://h:1025:db.t7:c0');
  });
});
