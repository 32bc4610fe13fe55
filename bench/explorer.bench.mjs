// npm run bench:explorer
// Time to interactive of the lineage explorer in headless Chromium (Debian's /usr/bin/chromium), for
// generated column graphs of 100, 500 and 1,000 nodes with twice as many links (tables of 2 to 8
// columns over layered databases: test/support/explorer-harness.mjs), every node drawn. Measured from
// the start of navigation to the first frame with the graph on screen and its events bound (the page's
// data-ready-ms, set two animation frames after the graph was added: the frame that drew it has been
// painted): page and script loading, the graph (carried by the page), the layout, Cytoscape's first
// render. The explorer draws a quick layout computed in the page first and moves the nodes to ELK's
// layout when its worker answers: the table says which layout the interactive frame showed (quick or
// ELK, per run) and when ELK's layout was on screen (data-elk-ms, also from the start of navigation).
// Also: the page's main-thread CPU time up to then (Chromium's ThreadTime, read as soon as the page
// says it is interactive: the part of the figure the machine's load does not change), the same minus page load (data-build-ms), the time of one highlight at interactive (click on
// the root's paths, usually before ELK has answered), and the mean frame time while panning and
// zooming once ELK's layout is on screen (requestAnimationFrame intervals).
// The bench's own work stays out of the page and off its CPUs: readiness is polled over CDP (no script
// injected into the page), and the browser window's omnibox popup (a WebUI renderer per context) is
// left out; "page response ms" is the harness server's part (request sent to first byte).
// BENCH_SIZES=100,500 and BENCH_RUNS=3 change the sizes and the runs per size (median reported).
// The page starts ELK's worker from its head only with 4 CPUs or more (public/js/explorer-worker.js),
// else once the first drawing is interactive; BENCH_CPUS=8 makes the page see that many CPUs
// (navigator.hardwareConcurrency), to measure the other way on the same machine.
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { generateGraph, startExplorerHarness } from '../test/support/explorer-harness.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SIZES = (process.env.BENCH_SIZES ?? '100,500,1000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CPUS = process.env.BENCH_CPUS ? Number(process.env.BENCH_CPUS) : null;
if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const loadBefore = load();
// Each new context opens a browser window, and Chromium (156, headless) loads the window's omnibox popup (a WebUI
// page, chrome://omnibox-popup.top-chrome) in a renderer of its own: 0.7 to 1.4 s of CPU per window, while the
// explorer loads, on the same 2 CPUs. It is the browser's window, not the page (a user's browser loads it
// once, with the window); these three features leave it out (ADR 0026, decision 15).
const NO_OMNIBOX_WEBUI = '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup';
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', NO_OMNIBOX_WEBUI] });

/**
 * Waits for the explorer to say it is ready (or failed) by asking the page over CDP every 25 ms (a plain
 * expression in the page's world). Playwright's waitForSelector injects its selector engine into the page
 * (50 to 120 ms of the page's main thread, measured by tracing) while the page is still working.
 */
async function explorerState(cdp) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { result } = await cdp.send('Runtime.evaluate', { expression: "(document.getElementById('explorer') || document.documentElement).getAttribute('data-state')", returnByValue: true });
    if (result.value) return result.value;
    if (Date.now() > deadline) throw new Error('the explorer did not say it was ready within 60 s');
    await new Promise((r) => setTimeout(r, 25));
  }
}
const rows = [];
try {
  for (const nodes of SIZES) {
    const graph = generateGraph({ nodes, edges: nodes * 2 });
    const harness = await startExplorerHarness(graph);
    const runs = [];
    for (let r = 0; r < RUNS; r++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      if (CPUS) await context.addInitScript((n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n }), CPUS);
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.goto(harness.url, { waitUntil: 'commit' });
      const readyState = await explorerState(cdp);
      // The page's main-thread CPU time so far (Chromium's ThreadTime): what the machine's load does not change.
      const cpuMs = (await cdp.send('Performance.getMetrics')).metrics.find((x) => x.name === 'ThreadTime').value * 1000;
      if (readyState !== 'ready') throw new Error(`explorer failed: ${await page.textContent('[data-role="status"]')} ${errors.join('; ')}`);
      // At interactive: which layout is on screen, and one highlight (the page must answer a click now, not after ELK).
      const atReady = await page.evaluate(async () => {
        const root = document.getElementById('explorer');
        const layout = root.getAttribute('data-layout-at-ready');
        const api = window.lineageExplorer;
        const t0 = performance.now();
        api.select(root.getAttribute('data-root'));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return { layout, highlightMs: performance.now() - t0 };
      });
      // Then ELK's layout replaces the quick one (or failed: reported, the quick layout stays).
      await page.waitForSelector('#explorer[data-elk="shown"], #explorer[data-elk="failed"]', { timeout: 60_000 });
      const m = await page.evaluate(async () => {
        const root = document.getElementById('explorer');
        const cy = window.lineageExplorer.cy();
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
          // The harness's server: from the request sent to the first byte of the page (the rest is the browser's).
          serverMs: performance.getEntriesByType('navigation')[0].responseStart - performance.getEntriesByType('navigation')[0].requestStart,
          readyMs: Number(root.getAttribute('data-ready-ms')),
          buildMs: Number(root.getAttribute('data-build-ms')),
          quickMs: Number(root.getAttribute('data-quick-layout-ms')),
          elk: root.getAttribute('data-elk'),
          elkMs: Number(root.getAttribute('data-elk-ms')),
          elkLayoutMs: Number(root.getAttribute('data-elk-layout-ms')),
          elkWorker: root.getAttribute('data-elk-worker'),
          drawMs: Number(root.getAttribute('data-draw-ms')),
          drawn: Number(root.getAttribute('data-nodes-drawn')),
          links: Number(root.getAttribute('data-edges-drawn')),
          frameMs: frames.slice(1).reduce((a, b) => a + b, 0) / (frames.length - 1),
        };
      });
      Object.assign(m, atReady, { cpuMs });
      runs.push(m);
      await context.close();
    }
    await harness.close();
    const layouts = {};
    runs.forEach((x) => (layouts[x.layout] = (layouts[x.layout] ?? 0) + 1));
    const elkFailed = runs.filter((x) => x.elk !== 'shown').length;
    rows.push({
      elkWorker: runs[0].elkWorker,
      nodes,
      links: graph.edges.length,
      drawn: `${runs[0].drawn} nodes / ${runs[0].links} links`,
      'interactive ms (median)': Math.round(median(runs.map((x) => x.readyMs))),
      'main-thread CPU ms': Math.round(median(runs.map((x) => x.cpuMs))),
      'page response ms': Math.round(median(runs.map((x) => x.serverMs))),
      'layout then': Object.entries(layouts).map(([k, v]) => `${k} ${v}/${runs.length}`).join(', '),
      'ELK on screen ms': elkFailed ? `failed ${elkFailed}/${runs.length}` : Math.round(median(runs.map((x) => x.elkMs))),
      'after page load ms': Math.round(median(runs.map((x) => x.buildMs))),
      'quick layout ms': Math.round(median(runs.map((x) => x.quickMs))),
      'ELK layout ms': Math.round(median(runs.map((x) => x.elkLayoutMs))),
      'elements ms': Math.round(median(runs.map((x) => x.drawMs))),
      'highlight ms': Math.round(median(runs.map((x) => x.highlightMs))),
      'pan/zoom frame ms': Number(median(runs.map((x) => x.frameMs)).toFixed(1)),
    });
  }
} finally {
  await browser.close();
}
console.log(`Lineage explorer, time to interactive in headless Chromium (${RUNS} runs per size, median), viewport 1366x900`);
console.log(`${cpus().length} CPUs${CPUS ? ` (the page told ${CPUS})` : ''}; load average (1, 5, 15 min) before ${loadBefore}, after ${load()}`);
console.log(`ELK worker started: ${[...new Set(rows.map((r) => r.elkWorker))].join(', ')}`);
console.table(rows.map(({ elkWorker, ...row }) => row));
