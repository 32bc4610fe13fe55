/**
 * Circuit breaker in front of Redis, shared by every Redis user of the
 * process (response cache, population lock, rate limits) through
 * `redisBreakerFor(address)`, so what one learns the others skip.
 *
 * Closed: calls go to Redis, each bounded by its deadline. A failure is
 * counted only when Redis itself is to blame:
 * - an answer already waiting when the deadline fires is taken (the decision
 *   is made after the I/O phase of that loop turn, via setImmediate), and
 * - a deadline timer that fired more than LAG_TOLERANCE_MS late means the
 *   event loop was busy (a busy CPU, not a slow Redis): not counted.
 * After FAILURES_TO_OPEN counted failures in a row the breaker opens: every
 * call fails at once (no I/O, well under a millisecond) for a back-off that
 * starts at OPEN_FIRST_MS and doubles up to OPEN_MAX_MS. When it ends, one
 * call at a time goes through as a probe (half-open): a success closes the
 * breaker, a failure opens it again for the next back-off.
 */
export const FAILURES_TO_OPEN = 3;
export const LAG_TOLERANCE_MS = 25;
export const OPEN_FIRST_MS = 1_000;
export const OPEN_MAX_MS = 30_000;

/** Thrown, at once, for a call made while the breaker is open. */
export class RedisBreakerOpenError extends Error {
  constructor(readonly reason: string) {
    super(`Redis skipped after repeated failures (${reason})`);
  }
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export class RedisBreaker {
  private failures = 0;
  private openUntil = 0;
  private backoffMs = OPEN_FIRST_MS;
  private probing = false;
  private lastReason = '';

  /** `now`: a monotonic clock in ms (tests pass their own). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  get state(): BreakerState {
    if (this.openUntil === 0) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** Why it opened last (the error that made the last counted failure). */
  get reason(): string {
    return this.lastReason;
  }

  /** Whether a call may go to Redis now (false: open, or another probe is out). */
  allows(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open') return false;
    return !this.probing;
  }

  /**
   * Runs `op` against Redis within `deadlineMs`, or fails at once when the
   * breaker is open. Errors of `op` (connection refused, authentication…)
   * count as failures; see the class comment for timeouts.
   */
  async call<T>(op: () => Promise<T>, deadlineMs: number, what = 'Redis'): Promise<T> {
    if (!this.allows()) throw new RedisBreakerOpenError(this.lastReason || 'no answer');
    const half = this.state === 'half-open';
    if (half) this.probing = true;
    try {
      const outcome = await raceDeadline(op(), deadlineMs, this.now);
      if (outcome.kind === 'value') {
        this.succeeded();
        return outcome.value;
      }
      const message = `${what} did not answer within ${deadlineMs} ms`;
      if (outcome.lateMs <= LAG_TOLERANCE_MS) this.failed(message);
      throw new Error(message);
    } catch (err) {
      if (!(err instanceof Error && /did not answer within/.test(err.message))) this.failed(describeRedisError(err));
      throw err;
    } finally {
      if (half) this.probing = false;
    }
  }

  /** Records a success seen outside `call` (a connect that worked). */
  succeeded(): void {
    this.failures = 0;
    this.openUntil = 0;
    this.backoffMs = OPEN_FIRST_MS;
  }

  /** Records a failure seen outside `call` (a connect that failed); opens the breaker at the threshold. */
  failed(reason: string): void {
    this.lastReason = reason;
    if (this.state === 'half-open') {
      this.backoffMs = Math.min(this.backoffMs * 2, OPEN_MAX_MS);
      this.openUntil = this.now() + this.backoffMs;
      return;
    }
    this.failures++;
    if (this.failures >= FAILURES_TO_OPEN) this.openUntil = this.now() + this.backoffMs;
  }
}

type Outcome<T> = { kind: 'value'; value: T } | { kind: 'timeout'; lateMs: number };

/** `p` or a timeout; an answer that arrived in the same loop turn as the timer still wins. */
function raceDeadline<T>(p: Promise<T>, ms: number, now: () => number): Promise<Outcome<T>> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const due = now() + ms;
    p.then(
      (value) => {
        if (settled) return;
        settled = true;
        resolve({ kind: 'value', value });
      },
      (err: unknown) => {
        if (settled) return;
        settled = true;
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
    setTimeout(() => {
      const lateMs = now() - due;
      // after this turn's I/O callbacks: a reply already in the socket settles p first
      setImmediate(() => {
        if (settled) return;
        settled = true;
        resolve({ kind: 'timeout', lateMs });
      });
    }, ms).unref();
  });
}

/** A Redis error in words an operator acts on: a wrong password says so. */
export function describeRedisError(err: unknown): string {
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  if (/WRONGPASS|NOAUTH|invalid password|invalid username-password|AUTH.*(fail|without any password)/i.test(message)) {
    return `authentication failed: check REDIS_PASSWORD (${message})`;
  }
  return message;
}

const breakers = new Map<string, RedisBreaker>();

/** The breaker of one Redis (host:port/db), shared by every user in this process. */
export function redisBreakerFor(address: string): RedisBreaker {
  let breaker = breakers.get(address);
  if (!breaker) {
    breaker = new RedisBreaker();
    breakers.set(address, breaker);
  }
  return breaker;
}
