/**
 * The time, as a dependency: what decides a DBQL window's end is injected,
 * so tests can stand at any instant of a generated history (no sleeps, no
 * wall clock in assertions).
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
