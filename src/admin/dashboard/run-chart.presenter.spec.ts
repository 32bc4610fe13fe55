import { describe, expect, it } from 'vitest';
import { renderRunChart } from './run-chart.presenter.js';

const run = (i: number, edges: number, failures: number) => ({
  runId: `run-${i}`,
  startedAt: new Date(Date.UTC(2026, 10, 20 + i, 8, 30)),
  edgesWritten: edges,
  failures,
  dryRun: false,
});

describe('run chart', () => {
  it('draws nothing without runs', () => {
    expect(renderRunChart([])).toBe('');
  });

  it('draws two bars per run, oldest on the left, each series on its own scale', () => {
    const svg = renderRunChart([run(2, 50, 0), run(1, 100, 4)]);
    const rects = [...svg.matchAll(/<rect class="(bar-\w+)" x="([\d.]+)" y="(\d+)" width="[\d.]+" height="(\d+)"/g)].map((m) => ({
      cls: m[1],
      x: Number(m[2]),
      height: Number(m[4]),
    }));
    expect(rects.map((r) => r.cls)).toEqual(['bar-edges', 'bar-failures', 'bar-edges', 'bar-failures']);
    // Oldest run (run 1: 100 edges, 4 failures) first; both are the maxima of their series.
    expect(rects[0].height).toBe(rects[1].height);
    expect(rects[2].height).toBe(Math.round(rects[0].height / 2));
    expect(rects[3].height).toBe(0);
    expect(rects[0].x).toBeLessThan(rects[2].x);
    expect(svg).toContain('11-21 08:30');
    expect(svg).toContain('<title>2026-11-21 08:30:00 UTC: 100 edges written</title>');
  });

  it('uses classes, not inline styles (CSP style-src self), and is labelled for screen readers', () => {
    const svg = renderRunChart([run(1, 3, 1)]);
    expect(svg).not.toMatch(/style=/);
    expect(svg).toMatch(/role="img" aria-label="Edges written and failures for the last 1 population runs"/);
  });

  it('marks dry runs in the bar tooltips', () => {
    expect(renderRunChart([{ ...run(1, 3, 1), dryRun: true }])).toContain('(dry run): 3 edges written');
  });
});
