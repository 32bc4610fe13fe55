import { describe, expect, it } from 'vitest';
import { niceCeiling, renderRunChart } from './run-chart.presenter.js';

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

  it('draws two bars per run, oldest on the left, each series against its own labelled axis', () => {
    const svg = renderRunChart([run(2, 50, 0), run(1, 100, 4)]);
    const rects = [...svg.matchAll(/<rect class="(bar-\w+)" x="([\d.]+)" y="(\d+)" width="[\d.]+" height="(\d+)"/g)].map((m) => ({
      cls: m[1],
      x: Number(m[2]),
      height: Number(m[4]),
    }));
    expect(rects.map((r) => r.cls)).toEqual(['bar-edges', 'bar-failures', 'bar-edges', 'bar-failures']);
    // Axes end at 100 edges and 5 failures: 100 edges fill the plot, 4 failures four fifths of it.
    expect(rects[1].height).toBe(Math.round((4 / 5) * rects[0].height));
    expect(rects[2].height).toBe(Math.round(rects[0].height / 2));
    expect(rects[3].height).toBe(0);
    expect(rects[0].x).toBeLessThan(rects[2].x);
    const ticks = (cls: string) => [...svg.matchAll(new RegExp(`<text class="tick ${cls}"[^>]*>([^<]+)</text>`, 'g'))].map((m) => m[1]);
    expect(ticks('axis-edges')).toEqual(['0', '50', '100']);
    expect(ticks('axis-failures')).toEqual(['0', '5']);
    expect(svg).toMatch(/<text class="axis-title axis-edges"[^>]*>Edges written<\/text>/);
    expect(svg).toMatch(/<text class="axis-title axis-failures"[^>]*>Failures<\/text>/);
    expect(svg).toContain('11-21 08:30');
    expect(svg).toContain('<title>2026-11-21 08:30:00 UTC: 100 edges written</title>');
  });

  it('2 failures never stand as tall as 265 edges: each axis ends at a round number above its largest value', () => {
    expect([0, 1, 2, 3, 7, 10, 11, 265, 1001].map(niceCeiling)).toEqual([1, 1, 2, 5, 10, 10, 20, 500, 2000]);
    const svg = renderRunChart([run(1, 265, 2)]);
    const heights = [...svg.matchAll(/<rect class="bar-\w+" [^>]*height="(\d+)"/g)].map((m) => Number(m[1]));
    expect(heights[0] / heights[1]).toBeCloseTo((265 / 500) / (2 / 2), 1);
  });

  it('uses classes, not inline styles (CSP style-src self), and is labelled for screen readers', () => {
    const svg = renderRunChart([run(1, 3, 1)]);
    expect(svg).not.toMatch(/style=/);
    expect(svg).toMatch(/role="img" aria-label="Edges written \(left axis, 0 to 5\) and failures \(right axis, 0 to 1\) for the last 1 population runs"/);
  });

  it('marks dry runs in the bar tooltips', () => {
    expect(renderRunChart([{ ...run(1, 3, 1), dryRun: true }])).toContain('(dry run): 3 edges written');
  });
});
