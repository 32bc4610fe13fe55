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
    // How far through the window, and the time left at the pace so far (null before the first batch, and for views/fixtures runs).
    var box = document.getElementById('window-progress');
    if (box && progress.running) {
      box.hidden = false;
      var bar = document.getElementById('window-progress-bar');
      if (bar && progress.percent !== null) bar.value = progress.percent;
      var text = document.getElementById('window-progress-text');
      if (text) text.textContent = progress.progressText;
    }
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
        // Finished: the "Run started." banner goes, then one reload shows the final state, outcome and failures.
        if (!progress.running) {
          var started = document.getElementById('run-started');
          if (started) started.remove();
          window.location.replace(window.location.pathname);
        }
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
