/** Formatting and labels shared by the admin presenters (pure). */
import type { QvciStateName } from './admin.sources.js';

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'muted';

export interface Badge {
  readonly label: string;
  readonly tone: Tone;
}

/** `2026-11-23 22:41:05 UTC`; '—' for none. */
export function formatDateTime(value: Date | null | undefined): string {
  if (!value || Number.isNaN(value.getTime())) return '—';
  return `${value.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `1 h 02 min`, `3 min 05 s`, `4.2 s`, `850 ms`. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function runStateBadge(state: string): Badge {
  switch (state) {
    case 'succeeded':
      return { label: 'succeeded', tone: 'ok' };
    case 'running':
      return { label: 'running', tone: 'info' };
    case 'failed':
      return { label: 'failed', tone: 'bad' };
    case 'cancelled':
      return { label: 'cancelled', tone: 'warn' };
    default:
      return { label: state, tone: 'muted' };
  }
}

/** `DBQL`, `Fixtures (dry run)`…: how a run is named on the dashboard and the runs pages. */
export function runKind(run: { method: string; dryRun: boolean }): string {
  const method = run.method === 'dbql' ? 'DBQL' : run.method === 'views' ? 'View definitions' : 'Fixtures';
  return `${method}${run.dryRun ? ' (dry run)' : ''}`;
}

export function qvciBadge(state: QvciStateName): Badge {
  switch (state) {
    case 'enabled':
      return { label: 'enabled', tone: 'ok' };
    case 'disabled':
      return { label: 'disabled', tone: 'warn' };
    case 'unknown':
      return { label: 'unknown', tone: 'muted' };
  }
}

/** Escapes text for XML/SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Text cut to `max` characters with an ellipsis. */
export function excerpt(text: string | null | undefined, max: number): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
