// The exam clock shared by the exam page and the summary page: counts down the server's remaining
// time on a monotonic clock (the browser's wall clock plays no part), shows the warnings the server
// chose for the exam's length (a <script type="application/json" id="time-warnings"> block) and
// calls onZero when time is up.
(function () {
  "use strict";

  function format(seconds) {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    const mm = String(m).padStart(h ? 2 : 1, "0");
    return (h ? h + ":" : "") + mm + ":" + String(s).padStart(2, "0");
  }

  function readWarnings() {
    const data = document.getElementById("time-warnings");
    try {
      return data ? JSON.parse(data.textContent) : [];
    } catch (error) {
      return [];
    }
  }

  // options: remainingSeconds, timerEl, warningEl, onWarning(), onZero()
  function start(options) {
    let deadline = performance.now() + options.remainingSeconds * 1000;
    const warnings = readWarnings();
    const warned = new Set();
    let stopped = false;

    function tick() {
      if (stopped) return;
      const left = Math.max(0, Math.ceil((deadline - performance.now()) / 1000));
      options.timerEl.textContent = format(left);
      // On a page opened late, every warning already passed is marked as given; only the most
      // urgent one is shown.
      let latest = null;
      warnings.forEach(function (warning) {
        if (left <= warning.seconds && left > 0 && !warned.has(warning.seconds)) {
          warned.add(warning.seconds);
          if (!latest || warning.seconds < latest.seconds) latest = warning;
        }
      });
      if (latest) {
        options.warningEl.textContent = latest.text;
        options.warningEl.hidden = false;
        if (options.onWarning) options.onWarning(latest);
      }
      if (left === 0) {
        stopped = true;
        options.onZero();
      }
    }

    tick();
    const interval = setInterval(function () {
      if (stopped) clearInterval(interval);
      else tick();
    }, 250);

    return {
      // The server's clock wins when the two drift apart by more than two seconds.
      resync: function (remainingSeconds) {
        const serverDeadline = performance.now() + remainingSeconds * 1000;
        if (Math.abs(serverDeadline - deadline) > 2000) deadline = serverDeadline;
      },
    };
  }

  window.Quizsite = window.Quizsite || {};
  window.Quizsite.countdown = start;
})();
