// Starts ELK's layout worker (/public/vendor/elk-worker.min.js) early, on machines with 4 logical CPUs
// or more: loaded async from the explorer page's head, this usually runs while the page is still
// parsed, before explorer.js (deferred). Starting a dedicated worker takes a few tasks of the page's
// main thread (in Chromium the worker host is created, then its script load is reported) before the
// worker's own thread compiles ELK's 1.6 MB; started from explorer.js, those tasks waited behind the
// first drawing of the graph, a second and more on a loaded machine. explorer.js hands this worker to
// ELK's API (its workerFactory option), and marks the slot taken (null) when it ran first, so that
// this script, run late, starts no second worker. With fewer CPUs, the worker's compiling and layout
// took CPU from the first drawing (on the project's 2-CPU bench machine under load, the interactive
// view came 1.1 s later): explorer.js starts ELK once the first drawing is interactive.
// docs/decisions/0026-interactive-explorer.md, decision 10.
(function () {
  'use strict';
  if (window.lineageElkWorker !== undefined) return;
  if (typeof window.Worker !== 'function' || !(window.navigator.hardwareConcurrency >= 4)) return;
  try {
    window.lineageElkWorker = new window.Worker('/public/vendor/elk-worker.min.js');
  } catch (err) {
    window.lineageElkWorker = null;
  }
})();
