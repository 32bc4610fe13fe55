// npm run bench:explorer
// Time to interactive of the lineage explorer in headless Chromium (Debian's /usr/bin/chromium), for
// generated column graphs of 100, 500 and 1,000 nodes with twice as many links (tables of 2 to 8
// columns over layered databases: test/support/explorer-harness.mjs), every node drawn. Measured from
// the start of navigation to the first frame with the graph on screen and its events bound (the page's
// data-ready-ms): page and script loading, the graph JSON, the ELK layout, Cytoscape's first render.
// Also: the same minus page load (data-build-ms), the time of one highlight (click on the root's
// paths) and the mean frame time while panning and zooming (requestAnimationFrame intervals).
// BENCH_SIZES=100,500 and BENCH_RUNS=3 change the sizes and the runs per size (median reported).
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { generateGraph, startExplorerHarness } from '../test/support/explorer-harness.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SIZES = (process.env.BENCH_SIZES ?? '100,500,1000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
const rows = [];
try {
  for (const nodes of SIZES) {
    const graph = generateGraph({ nodes, edges: nodes * 2 });
    const harness = await startExplorerHarness(graph);
    const runs = [];
    for (let r = 0; r < RUNS; r++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(harness.url);
      await page.waitForSelector('#explorer[data-state]', { timeout: 60_000 });
      if ((await page.getAttribute('#explorer', 'data-state')) !== 'ready') throw new Error(`explorer failed: ${await page.textContent('[data-role="status"]')} ${errors.join('; ')}`);
      const m = await page.evaluate(async () => {
        const root = document.getElementById('explorer');
        const api = window.lineageExplorer;
        const cy = api.cy();
        const t0 = performance.now();
        api.select(root.getAttribute('data-root'));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const highlightMs = performance.now() - t0;
        // Pan and zoom for 60 frames, one step a frame, as a drag and a wheel would.
        const frames = [];
        let last = performance.now();
        await new Promise((resolve) => {
          let i = 0;
          const step = () => {
            const now = performance.now();
            frames.push(now - last);
            last = now;
            cy.panBy({ x: 6, y: 3 });
            cy.zoom({ level: cy.zoom() * (i < 30 ? 0.99 : 1.01), renderedPosition: { x: 400, y: 300 } });
            if (++i < 60) requestAnimationFrame(step);
            else resolve();
          };
          requestAnimationFrame(step);
        });
        return {
          readyMs: Number(root.getAttribute('data-ready-ms')),
          buildMs: Number(root.getAttribute('data-build-ms')),
          layoutMs: Number(root.getAttribute('data-layout-ms')),
          drawMs: Number(root.getAttribute('data-draw-ms')),
          drawn: Number(root.getAttribute('data-nodes-drawn')),
          links: Number(root.getAttribute('data-edges-drawn')),
          highlightMs,
          frameMs: frames.slice(1).reduce((a, b) => a + b, 0) / (frames.length - 1),
        };
      });
      runs.push(m);
      await context.close();
    }
    await harness.close();
    rows.push({
      nodes,
      links: graph.edges.length,
      drawn: `${runs[0].drawn} nodes / ${runs[0].links} links`,
      'interactive ms (median)': Math.round(median(runs.map((x) => x.readyMs))),
      'after page load ms': Math.round(median(runs.map((x) => x.buildMs))),
      'ELK layout ms': Math.round(median(runs.map((x) => x.layoutMs))),
      'elements ms': Math.round(median(runs.map((x) => x.drawMs))),
      'highlight ms': Math.round(median(runs.map((x) => x.highlightMs))),
      'pan/zoom frame ms': Number(median(runs.map((x) => x.frameMs)).toFixed(1)),
    });
  }
} finally {
  await browser.close();
}
console.log(`Lineage explorer, time to interactive in headless Chromium (${RUNS} runs per size, median), viewport 1366x900`);
console.table(rows);
