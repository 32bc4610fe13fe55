import type { UsageWindow } from './usage.types.js';

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' of a UTC day. */
export function dayOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The window of `days` days ending on `to` (both ends included). */
export function windowEnding(to: string, days: number): UsageWindow {
  const end = new Date(`${to}T00:00:00Z`).getTime();
  return { from: dayOf(new Date(end - (days - 1) * DAY_MS)), to };
}

/** Every day of the window with its value, zero-filled (a sparkline's points). */
export function everyDay<T extends { day: string }>(window: UsageWindow, rows: readonly T[], empty: (day: string) => T): T[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: T[] = [];
  for (let t = new Date(`${window.from}T00:00:00Z`).getTime(); t <= new Date(`${window.to}T00:00:00Z`).getTime(); t += DAY_MS) {
    const day = dayOf(new Date(t));
    out.push(byDay.get(day) ?? empty(day));
  }
  return out;
}
