// A minimal worker pool with a per-job deadline, used for the direct-SDK baseline in
// bench/extraction.bench.mjs (the engine has its own pool in src/population/extraction).
import { Worker } from 'node:worker_threads';

export async function createDeadlinePool(script, { workers, deadlineMs, workerData }) {
  const slots = [];
  const queue = [];
  let nextId = 1;
  const stats = { timeouts: 0, replaced: 0 };

  const spawn = () =>
    new Promise((resolve, reject) => {
      const worker = new Worker(script, { workerData });
      worker.once('message', (m) => (m?.ready ? resolve(worker) : reject(new Error('worker did not start'))));
      worker.once('error', reject);
    });

  const dispatch = () => {
    for (const slot of slots) {
      if (slot.busy || slot.starting || queue.length === 0) continue;
      const job = queue.shift();
      const id = nextId++;
      slot.busy = { id, job, timer: setTimeout(() => timeout(slot), deadlineMs) };
      slot.worker.postMessage({ id, sql: job.sql });
    }
  };

  const attach = (slot) => {
    slot.worker.on('message', (m) => {
      if (!slot.busy || m.id !== slot.busy.id) return;
      clearTimeout(slot.busy.timer);
      const { job } = slot.busy;
      slot.busy = undefined;
      job.resolve(m);
      dispatch();
    });
    slot.worker.on('error', () => {
      if (slot.busy) timeout(slot, 'crashed');
    });
  };

  const timeout = (slot, reason = 'timeout') => {
    const busy = slot.busy;
    slot.busy = undefined;
    if (!busy) return;
    clearTimeout(busy.timer);
    stats.timeouts++;
    busy.job.resolve({ ok: false, error: reason, ms: deadlineMs });
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    stats.replaced++;
    slot.starting = true;
    spawn().then((w) => {
      slot.worker = w;
      slot.starting = false;
      attach(slot);
      dispatch();
    });
  };

  for (const worker of await Promise.all(Array.from({ length: workers }, spawn))) {
    const slot = { worker };
    attach(slot);
    slots.push(slot);
  }

  return {
    stats,
    run: (sql) => new Promise((resolve) => { queue.push({ sql, resolve }); dispatch(); }),
    close: () => Promise.all(slots.map((s) => s.worker.terminate())),
  };
}
