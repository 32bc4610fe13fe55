// Live progress of a running population run (admin run page). Loaded as an
// external script (CSP script-src 'self'); without it the page still works.
(function () {
  'use strict';
  var panel = document.getElementById('run-progress');
  if (!panel || panel.getAttribute('data-running') !== 'true') return;
  var url = panel.getAttribute('data-progress-url');
  var note = document.getElementById('live-note');
  var delay = 1000;
  var failures = 0;

  function update(progress) {
    Object.keys(progress.counts).forEach(function (key) {
      var el = panel.querySelector('[data-count="' + key + '"]');
      if (el) el.textContent = progress.counts[key];
    });
    if (note && progress.position) note.textContent = 'Running: batch ' + progress.batches + ', at ' + progress.position + '.';
  }

  function poll() {
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(function (progress) {
        failures = 0;
        update(progress);
        // Finished: reload once to show the final state, outcome and failures.
        if (!progress.running) window.location.replace(window.location.pathname);
        else setTimeout(poll, delay);
      })
      .catch(function () {
        failures += 1;
        if (note) note.textContent = 'Live updates paused (the service did not answer); reload the page to see the latest state.';
        if (failures < 5) setTimeout(poll, delay * 2 * failures);
      });
  }
  setTimeout(poll, delay);
})();
