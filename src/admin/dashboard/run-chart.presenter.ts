import { escapeXml, formatCount, formatDateTime } from '../view-format.js';

export interface ChartRun {
  readonly runId: string;
  readonly startedAt: Date;
  readonly edgesWritten: number;
  readonly failures: number;
  readonly dryRun: boolean;
}

const WIDTH = 640;
const HEIGHT = 180;
const PAD_TOP = 22;
const PAD_BOTTOM = 30;
const PAD_SIDE = 12;

/**
 * A small server-rendered bar chart: per run (oldest left), edges written
 * and statements failed side by side, each on its own scale with its value
 * printed above the bar. Colours come from CSS classes (admin.css), not
 * inline styles (CSP style-src 'self'). Every text is escaped.
 * Returns '' when there is nothing to draw.
 */
export function renderRunChart(runsNewestFirst: readonly ChartRun[]): string {
  if (runsNewestFirst.length === 0) return '';
  const runs = [...runsNewestFirst].reverse();
  const maxEdges = Math.max(1, ...runs.map((r) => r.edgesWritten));
  const maxFailures = Math.max(1, ...runs.map((r) => r.failures));
  const plotHeight = HEIGHT - PAD_TOP - PAD_BOTTOM;
  const slot = (WIDTH - 2 * PAD_SIDE) / runs.length;
  const barWidth = Math.max(4, Math.min(28, slot / 2 - 4));
  const parts: string[] = [];
  const label = `Edges written and failures for the last ${runs.length} population runs`;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="run-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(label)}">`,
  );
  parts.push(`<title>${escapeXml(label)}</title>`);
  parts.push(`<line class="axis" x1="${PAD_SIDE}" y1="${HEIGHT - PAD_BOTTOM}" x2="${WIDTH - PAD_SIDE}" y2="${HEIGHT - PAD_BOTTOM}"/>`);
  runs.forEach((run, i) => {
    const center = PAD_SIDE + slot * i + slot / 2;
    const bars = [
      { cls: 'bar-edges', value: run.edgesWritten, max: maxEdges, x: center - barWidth - 1, what: 'edges written' },
      { cls: 'bar-failures', value: run.failures, max: maxFailures, x: center + 1, what: 'failures' },
    ];
    for (const bar of bars) {
      const h = bar.value === 0 ? 0 : Math.max(2, Math.round((bar.value / bar.max) * plotHeight));
      const y = HEIGHT - PAD_BOTTOM - h;
      const tip = `${formatDateTime(run.startedAt)}${run.dryRun ? ' (dry run)' : ''}: ${formatCount(bar.value)} ${bar.what}`;
      parts.push(
        `<rect class="${bar.cls}" x="${bar.x.toFixed(1)}" y="${y}" width="${barWidth.toFixed(1)}" height="${h}"><title>${escapeXml(tip)}</title></rect>`,
        `<text class="bar-value" x="${(bar.x + barWidth / 2).toFixed(1)}" y="${y - 4}" text-anchor="middle">${escapeXml(formatCount(bar.value))}</text>`,
      );
    }
    const day = run.startedAt.toISOString().slice(5, 16).replace('T', ' ');
    parts.push(`<text class="tick" x="${center.toFixed(1)}" y="${HEIGHT - PAD_BOTTOM + 16}" text-anchor="middle">${escapeXml(day)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
