import { escapeXml, formatCount, formatDateTime } from '../view-format.js';

export interface ChartRun {
  readonly runId: string;
  readonly startedAt: Date;
  readonly edgesWritten: number;
  readonly failures: number;
  readonly dryRun: boolean;
}

const WIDTH = 640;
const HEIGHT = 200;
const PAD_TOP = 26;
const PAD_BOTTOM = 30;
/** Room for each axis' tick labels and title. */
const PAD_SIDE = 58;

/** The smallest 1, 2 or 5 × 10^k at or above `n` (at least 1): an axis end people read at a glance. */
export function niceCeiling(n: number): number {
  if (n <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * power >= n) return step * power;
  return 10 * power;
}

/**
 * A small server-rendered bar chart: per run (oldest left), edges written
 * (left axis, blue) and statements failed (right axis, red) side by side.
 * The two counts differ by orders of magnitude, so each has its own scale,
 * drawn and labelled: an axis on each side with its title, ticks at 0, half
 * and the top of a rounded range, in the colour of its bars; each bar also
 * prints its value. Colours come from CSS classes (admin.css), not inline
 * styles (CSP style-src 'self'). Every text is escaped. Returns '' when
 * there is nothing to draw.
 */
export function renderRunChart(runsNewestFirst: readonly ChartRun[]): string {
  if (runsNewestFirst.length === 0) return '';
  const runs = [...runsNewestFirst].reverse();
  const maxEdges = niceCeiling(Math.max(...runs.map((r) => r.edgesWritten)));
  const maxFailures = niceCeiling(Math.max(...runs.map((r) => r.failures)));
  const plotHeight = HEIGHT - PAD_TOP - PAD_BOTTOM;
  const bottom = HEIGHT - PAD_BOTTOM;
  const slot = (WIDTH - 2 * PAD_SIDE) / runs.length;
  const barWidth = Math.max(4, Math.min(28, slot / 2 - 4));
  const parts: string[] = [];
  const label = `Edges written (left axis, 0 to ${formatCount(maxEdges)}) and failures (right axis, 0 to ${formatCount(maxFailures)}) for the last ${runs.length} population runs`;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="run-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(label)}">`,
  );
  parts.push(`<title>${escapeXml(label)}</title>`);
  parts.push(`<line class="axis" x1="${PAD_SIDE}" y1="${bottom}" x2="${WIDTH - PAD_SIDE}" y2="${bottom}"/>`);
  // The two value axes: edges on the left, failures on the right, each with its ticks and title.
  const axes = [
    { cls: 'axis-edges', x: PAD_SIDE, max: maxEdges, anchor: 'end', dx: -5, title: 'Edges written', titleX: 12 },
    { cls: 'axis-failures', x: WIDTH - PAD_SIDE, max: maxFailures, anchor: 'start', dx: 5, title: 'Failures', titleX: WIDTH - 12 },
  ];
  for (const a of axes) {
    parts.push(`<line class="axis ${a.cls}" x1="${a.x}" y1="${PAD_TOP}" x2="${a.x}" y2="${bottom}"/>`);
    for (const fraction of [0, 0.5, 1]) {
      const y = Math.round(bottom - fraction * plotHeight);
      const value = a.max * fraction;
      if (!Number.isInteger(value)) continue;
      parts.push(`<line class="axis ${a.cls}" x1="${a.x - 3}" y1="${y}" x2="${a.x + 3}" y2="${y}"/>`);
      parts.push(`<text class="tick ${a.cls}" x="${a.x + a.dx}" y="${y + 3}" text-anchor="${a.anchor}">${escapeXml(formatCount(value))}</text>`);
    }
    const mid = Math.round(PAD_TOP + plotHeight / 2);
    parts.push(`<text class="axis-title ${a.cls}" x="${a.titleX}" y="${mid}" text-anchor="middle" transform="rotate(-90 ${a.titleX} ${mid})">${escapeXml(a.title)}</text>`);
  }
  runs.forEach((run, i) => {
    const center = PAD_SIDE + slot * i + slot / 2;
    const bars = [
      { cls: 'bar-edges', value: run.edgesWritten, max: maxEdges, x: center - barWidth - 1, what: 'edges written' },
      { cls: 'bar-failures', value: run.failures, max: maxFailures, x: center + 1, what: 'failures' },
    ];
    for (const bar of bars) {
      const h = bar.value === 0 ? 0 : Math.max(2, Math.round((bar.value / bar.max) * plotHeight));
      const y = bottom - h;
      const tip = `${formatDateTime(run.startedAt)}${run.dryRun ? ' (dry run)' : ''}: ${formatCount(bar.value)} ${bar.what}`;
      parts.push(
        `<rect class="${bar.cls}" x="${bar.x.toFixed(1)}" y="${y}" width="${barWidth.toFixed(1)}" height="${h}"><title>${escapeXml(tip)}</title></rect>`,
        `<text class="bar-value" x="${(bar.x + barWidth / 2).toFixed(1)}" y="${y - 4}" text-anchor="middle">${escapeXml(formatCount(bar.value))}</text>`,
      );
    }
    const day = run.startedAt.toISOString().slice(5, 16).replace('T', ' ');
    parts.push(`<text class="tick" x="${center.toFixed(1)}" y="${bottom + 16}" text-anchor="middle">${escapeXml(day)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
