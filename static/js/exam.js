// The exam page: a countdown driven by the server's remaining time, autosave of every change,
// answers kept on this device while offline, and the submit dialog (previews: preview.js).
(function () {
  "use strict";

  const root = document.getElementById("exam");
  if (!root) return;

  const DEBOUNCE_MS = 1000; // save a second after the student stops typing…
  const MAX_WAIT_MS = 4000; // …and at least every four seconds while they keep typing
  const RETRY_MS = 5000;
  const WARNINGS = [
    { seconds: 300, text: "5 minutes left." },
    { seconds: 60, text: "1 minute left: your exam is submitted automatically at zero." },
  ];

  const attemptId = root.dataset.attemptId;
  const storageKey = "quizsite:attempt:" + attemptId;
  const csrfToken = root.dataset.csrfToken;
  const statusEl = document.getElementById("save-status");
  const timerEl = document.getElementById("timer");
  const warningEl = document.getElementById("time-warning");
  const dialog = document.getElementById("submit-dialog");

  // A monotonic clock: the client's wall clock never enters the computation.
  let deadline = performance.now() + Number(root.dataset.remainingSeconds) * 1000;
  let finished = false;
  const warned = new Set();

  // position -> {section, revision, pending (unsent state or null), inFlight, timer, firstDirtyAt}
  const questions = new Map();
  root.querySelectorAll(".exam-question").forEach(function (section) {
    questions.set(Number(section.dataset.position), {
      section: section,
      revision: Number(section.dataset.revision),
      pending: null,
      inFlight: false,
      timer: null,
      firstDirtyAt: null,
    });
  });

  // ---- local copy of unsent answers -------------------------------------------------------

  function loadStored() {
    try {
      return JSON.parse(localStorage.getItem(storageKey)) || {};
    } catch (error) {
      return {};
    }
  }

  function store() {
    const unsent = {};
    questions.forEach(function (q, position) {
      if (q.pending) unsent[position] = q.pending;
    });
    try {
      if (Object.keys(unsent).length) localStorage.setItem(storageKey, JSON.stringify(unsent));
      else localStorage.removeItem(storageKey);
    } catch (error) {
      // Storage full or disabled: the in-memory copy still gets sent when the network is back.
    }
  }

  // ---- reading and writing a question's inputs --------------------------------------------

  function readState(q) {
    const section = q.section;
    const state = { flagged: section.querySelector(".flag-input").checked };
    const textarea = section.querySelector("textarea");
    if (textarea) state.text = textarea.value;
    else {
      state.choice_ids = Array.from(section.querySelectorAll("input[name^='choice-']:checked")).map(
        function (input) {
          return Number(input.value);
        }
      );
    }
    return state;
  }

  function applyState(q, state) {
    const section = q.section;
    section.querySelector(".flag-input").checked = !!state.flagged;
    const textarea = section.querySelector("textarea");
    if (textarea && typeof state.text === "string") textarea.value = state.text;
    if (state.choice_ids) {
      section.querySelectorAll("input[name^='choice-']").forEach(function (input) {
        input.checked = state.choice_ids.indexOf(Number(input.value)) !== -1;
      });
    }
  }

  function isAnswered(q) {
    const state = readState(q);
    return state.text !== undefined ? state.text.trim() !== "" : state.choice_ids.length > 0;
  }

  function refreshNav(position) {
    const q = questions.get(position);
    const link = document.getElementById("nav-" + position);
    const answered = isAnswered(q);
    const flagged = q.section.querySelector(".flag-input").checked;
    link.classList.toggle("answered", answered);
    link.classList.toggle("flagged", flagged);
    link.querySelector(".nav-state").textContent =
      (answered ? ", answered" : ", unanswered") + (flagged ? ", flagged" : "");
  }

  // ---- saving -----------------------------------------------------------------------------

  function setStatus(text, state) {
    statusEl.textContent = text;
    statusEl.dataset.state = state;
  }

  function anyUnsent() {
    for (const q of questions.values()) if (q.pending || q.inFlight) return true;
    return false;
  }

  function showIdleStatus() {
    if (anyUnsent()) return;
    const time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    setStatus("All answers saved (" + time + ")", "saved");
  }

  function changed(position) {
    const q = questions.get(position);
    q.revision += 1;
    q.pending = Object.assign(readState(q), { revision: q.revision });
    store();
    refreshNav(position);
    if (!q.firstDirtyAt) q.firstDirtyAt = performance.now();
    clearTimeout(q.timer);
    const waited = performance.now() - q.firstDirtyAt;
    q.timer = setTimeout(function () {
      send(position);
    }, Math.max(0, Math.min(DEBOUNCE_MS, MAX_WAIT_MS - waited)));
    setStatus(navigator.onLine ? "Saving…" : offlineText(), navigator.onLine ? "saving" : "offline");
  }

  function offlineText() {
    return "Offline: your answers are kept on this device and sent when you are back online";
  }

  function send(position) {
    const q = questions.get(position);
    clearTimeout(q.timer);
    if (!q.pending || q.inFlight) return Promise.resolve();
    if (!navigator.onLine) {
      setStatus(offlineText(), "offline");
      return Promise.resolve();
    }
    const payload = q.pending;
    q.inFlight = true;
    q.firstDirtyAt = null;
    setStatus("Saving…", "saving");
    return fetch(root.dataset.saveUrl.replace(/0\/$/, position + "/"), {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify(payload),
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { status: response.status, body: body };
        });
      })
      .then(function (result) {
        q.inFlight = false;
        if (result.status === 200) {
          if (q.pending && q.pending.revision <= result.body.revision) q.pending = null;
          store();
          resync(result.body.remaining_seconds);
          if (q.pending) send(position);
          else showIdleStatus();
        } else if (result.status === 409) {
          q.pending = null;
          store();
          setStatus("Not saved: " + result.body.detail, "error");
          finish();
        } else {
          q.pending = null;
          store();
          setStatus("Question " + position + " not saved: " + describe(result.body), "error");
        }
      })
      .catch(function () {
        // The network failed: keep the answer and try again.
        q.inFlight = false;
        setStatus(offlineText(), "offline");
        q.timer = setTimeout(function () {
          send(position);
        }, RETRY_MS);
      });
  }

  function describe(body) {
    // Errors are problem details: "detail" says what happened, field by field for a 400.
    return (body && body.detail) || "the server refused it.";
  }

  function flushAll() {
    const sends = [];
    questions.forEach(function (q, position) {
      sends.push(send(position));
    });
    return Promise.all(sends);
  }

  window.addEventListener("online", function () {
    setStatus("Back online: sending your answers…", "saving");
    flushAll().then(showIdleStatus);
  });
  window.addEventListener("offline", function () {
    setStatus(offlineText(), "offline");
  });

  // ---- the clock --------------------------------------------------------------------------

  function resync(remainingSeconds) {
    const serverDeadline = performance.now() + remainingSeconds * 1000;
    if (Math.abs(serverDeadline - deadline) > 2000) deadline = serverDeadline;
  }

  function format(seconds) {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    const mm = String(m).padStart(h ? 2 : 1, "0");
    return (h ? h + ":" : "") + mm + ":" + String(s).padStart(2, "0");
  }

  function tick() {
    const left = Math.max(0, Math.ceil((deadline - performance.now()) / 1000));
    timerEl.textContent = format(left);
    WARNINGS.forEach(function (warning) {
      if (left <= warning.seconds && left > 0 && !warned.has(warning.seconds)) {
        warned.add(warning.seconds);
        warningEl.textContent = warning.text;
        warningEl.hidden = false;
        root.classList.add("time-short");
      }
    });
    if (left === 0) {
      warningEl.textContent = "Time is up: submitting your exam…";
      warningEl.hidden = false;
      submit();
    }
  }

  // ---- submitting -------------------------------------------------------------------------

  function finish() {
    if (finished) return;
    finished = true;
    localStorage.removeItem(storageKey);
    window.location.assign(root.dataset.reviewUrl);
  }

  let submitting = null;
  function submit() {
    if (submitting) return submitting;
    submitting = flushAll()
      .then(function () {
        return fetch(root.dataset.submitUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken },
        });
      })
      .then(function (response) {
        if (!response.ok) throw new Error("submit failed");
        finish();
      })
      .catch(function () {
        // Offline at submit time: the server closes the attempt at its deadline anyway.
        submitting = null;
        setStatus("Could not reach the server to submit: retrying…", "offline");
        setTimeout(submit, RETRY_MS);
      });
    return submitting;
  }

  function openSubmitDialog() {
    const unanswered = [];
    questions.forEach(function (q, position) {
      if (!isAnswered(q)) unanswered.push(position);
    });
    document.getElementById("unanswered-summary").textContent = unanswered.length
      ? "Unanswered: question" + (unanswered.length > 1 ? "s " : " ") + unanswered.join(", ") + "."
      : "You answered every question.";
    dialog.showModal();
  }

  document.getElementById("submit-button").addEventListener("click", openSubmitDialog);
  root.querySelectorAll(".submit-again").forEach(function (button) {
    button.addEventListener("click", openSubmitDialog);
  });
  document.getElementById("cancel-submit").addEventListener("click", function () {
    dialog.close();
  });
  document.getElementById("confirm-submit").addEventListener("click", function (event) {
    event.target.disabled = true;
    submit();
  });

  // ---- wiring -----------------------------------------------------------------------------

  const unsent = loadStored();
  questions.forEach(function (q, position) {
    const saved = unsent[position];
    if (saved && saved.revision > q.revision) {
      // Typed before a reload but never confirmed by the server: put it back and send it.
      applyState(q, saved);
      q.revision = saved.revision;
      q.pending = saved;
    }
    refreshNav(position);
    q.section.addEventListener("input", function () {
      changed(position);
    });
  });
  if (anyUnsent()) flushAll();

  tick();
  setInterval(tick, 250);
})();
