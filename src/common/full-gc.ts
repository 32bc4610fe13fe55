import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/**
 * Runs a full garbage collection of this thread's heap now, and returns how
 * long it took (ms). For the few moments that leave hundreds of megabytes of
 * garbage at once and no reason for V8 to collect it soon: the lineage index
 * built from the store or read from its snapshot (the rows read, the
 * snapshot's sections). Left to V8's heuristics, a replica at 10 M edges
 * idled with 300–700 MB of such garbage, or not, from one start to the next
 * (ADR 0017, "Memory after a build"). The collector is reached the way
 * `node --expose-gc` does, without that flag on every deployment's command.
 */
export function fullGc(): number {
  if (collect === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') collect = exposed;
    else {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
  }
  const started = performance.now();
  collect();
  return performance.now() - started;
}
