/**
 * Whether the runner of a run recorded 'running' is gone, so its run can be
 * marked interrupted at once instead of after STALE_RUN_MS. Pure: the caller
 * passes what it observed (host, pid liveness, lock holder, clock).
 *
 * - Same host: the runner's process id is not alive (or is this process, which
 *   is not running it: a restart that got the same pid, as in a container).
 * - Another host: its lock has expired — no heartbeat (the lock is renewed
 *   with each one) for a lock's time to live, and the lock is not held by it.
 *   A dry run holds no lock: only the heartbeat counts.
 */
export interface RunnerObservation {
  readonly runner: string | null;
  readonly dryRun: boolean;
  readonly heartbeatAt: Date;
  readonly host: string;
  readonly pid: number;
  readonly now: Date;
  readonly lockTtlMs: number;
  /** Holder ("host:pid") of the population lock now, or null when it is free. */
  readonly lockHolder: string | null;
  readonly pidAlive: (pid: number) => boolean;
}

/** host:pid → its parts, or null for a runner string of another shape. */
export function parseRunner(runner: string): { host: string; pid: number } | null {
  const at = runner.lastIndexOf(':');
  if (at <= 0) return null;
  const pid = runner.slice(at + 1);
  if (!/^[0-9]+$/.test(pid)) return null;
  return { host: runner.slice(0, at), pid: Number(pid) };
}

/** Why the runner is gone, or null when it may still be running (or nothing can tell). */
export function runnerGoneReason(o: RunnerObservation): string | null {
  if (!o.runner) return null;
  const parsed = parseRunner(o.runner);
  if (!parsed) return null;
  if (parsed.host === o.host) {
    if (parsed.pid === o.pid) return `its runner ${o.runner} was an earlier process with this process id, which is not running it`;
    return o.pidAlive(parsed.pid) ? null : `its runner ${o.runner} (process ${parsed.pid} on this host) is no longer running`;
  }
  const silentMs = o.now.getTime() - o.heartbeatAt.getTime();
  if (silentMs < o.lockTtlMs) return null;
  if (!o.dryRun && o.lockHolder === o.runner) return null;
  return `its runner ${o.runner} sent no heartbeat for ${Math.round(silentMs / 1000)} s (its lock expired)`;
}

/** Whether a process id is alive on this host (EPERM: alive, owned by another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
