/**
 * `p`, or a rejection with `message` after `ms` (the timer never keeps the
 * process alive). For dependencies that must not hold up a request: a cache,
 * a shared counter, a health probe.
 */
export function withDeadline<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref())]);
}
