import { DEFAULT_IPV6_SUBNET_PREFIX, normalizeIp, type ThrottlerGenerateKeyFunction, type ThrottlerGetTrackerFunction } from '@nestjs/throttler';

/** Client addresses whose tracker is held (a load balancer's or a few hundred clients' fit); past it the map starts over. */
const TRACKERS_HELD = 10_000;

/**
 * How the rate limiter names a client and its counter, as @nestjs/throttler
 * does by default, without its per-request cost on the hot read path (a CPU
 * profile of 10 connections of depth-5 reads: SHA-256 and address parsing
 * were about 3 % of the main thread). The tracker is the client address
 * normalised as the package does (an IPv6 address by its /64), worked out
 * once per address; the counter's key is the route and tracker as text, not
 * their SHA-256: both storages (in process and Redis) take any string, and
 * a key names a route and an address the operator may read in Redis anyway.
 */
export function throttlerKeys(): { getTracker: ThrottlerGetTrackerFunction; generateKey: ThrottlerGenerateKeyFunction } {
  const trackers = new Map<string, string>();
  return {
    getTracker: (req) => {
      const ip = String(req.ip ?? '');
      let tracker = trackers.get(ip);
      if (tracker === undefined) {
        if (trackers.size >= TRACKERS_HELD) trackers.clear();
        tracker = normalizeIp(ip, DEFAULT_IPV6_SUBNET_PREFIX);
        trackers.set(ip, tracker);
      }
      return tracker;
    },
    generateKey: (context, tracker, throttler) => `${context.getClass().name}-${context.getHandler().name}-${throttler}-${tracker}`,
  };
}
