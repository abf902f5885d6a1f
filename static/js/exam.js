// The exam page: autosave of every change (kept on this device and retried until the server
// acknowledges it), the question panel, keyboard navigation, and the countdown (countdown.js) that
// submits at zero. Submitting by hand goes through the summary page. Previews: preview.js.
(function () {
  "use strict";

  const root = document.getElementById("exam");
  if (!root) return;

  const DEBOUNCE_MS = 1000; // save a second after the student stops typing…
  const MAX_WAIT_MS = 4000; // …and at least every four seconds while they keep typing
  const RETRY_FIRST_MS = 1000; // a failed save is tried again after 1 s, 2 s, 4 s… up to 30 s
  const RETRY_MAX_MS = 30000;
  // Replies that mean "not now" rather than "no": retried like a network failure.
  const RETRY_STATUSES = new Set([408, 425, 429]);

  const attemptId = root.dataset.attemptId;
  const storageKey = "quizsite:attempt:" + attemptId;
  const csrfToken = root.dataset.csrfToken;
  const statusEl = document.getElementById("save-status");
  const bar = document.getElementById("exam-bar");
  const nav = document.getElementById("exam-nav");
  const toggle = document.getElementById("panel-toggle");
  const announcer = document.getElementById("announcer");
  const narrow = window.matchMedia("(max-width: 52rem)");

  let finished = false;

  // position -> {section, revision, pending (unsent state or null), inFlight, timer,
  //              firstDirtyAt, failures}
  const questions = new Map();
  root.querySelectorAll(".exam-question").forEach(function (section) {
    questions.set(Number(section.dataset.position), {
      section: section,
      revision: Number(section.dataset.revision),
      pending: null,
      inFlight: false,
      timer: null,
      firstDirtyAt: null,
      failures: 0,
    });
  });
  const positions = Array.from(questions.keys());

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

  function flagInput(q) {
    return q.section.querySelector(".flag-input");
  }

  function readState(q) {
    const section = q.section;
    const state = { flagged: flagInput(q).checked };
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
    flagInput(q).checked = !!state.flagged;
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

  function describeState(q) {
    return (isAnswered(q) ? "answered" : "not answered") + (flagInput(q).checked ? ", flagged" : "");
  }

  // ---- the question panel -----------------------------------------------------------------

  function refreshNav(position) {
    const q = questions.get(position);
    const link = document.getElementById("nav-" + position);
    link.classList.toggle("answered", isAnswered(q));
    link.classList.toggle("flagged", flagInput(q).checked);
    link.querySelector(".nav-state").textContent = ", " + describeState(q);
    refreshProgress();
  }

  function refreshProgress() {
    let answered = 0;
    let flagged = 0;
    questions.forEach(function (q) {
      if (isAnswered(q)) answered += 1;
      if (flagInput(q).checked) flagged += 1;
    });
    root.querySelectorAll(".answered-count").forEach(function (el) {
      el.textContent = answered;
    });
    root.querySelector(".flag-summary").textContent = flagged ? " · " + flagged + " flagged" : "";
    toggle.setAttribute(
      "aria-label",
      "Questions: " + answered + " of " + questions.size + " answered" +
        (flagged ? ", " + flagged + " flagged" : "")
    );
  }

  let current = null;
  function setCurrent(position) {
    if (position === current) return;
    if (current !== null) {
      const old = document.getElementById("nav-" + current);
      old.classList.remove("current");
      old.removeAttribute("aria-current");
    }
    current = position;
    const link = document.getElementById("nav-" + position);
    link.classList.add("current");
    link.setAttribute("aria-current", "step");
  }

  // The sticky bar's height, for scroll-margin-top: a jump never hides a question under it.
  function measureBar() {
    root.style.setProperty("--exam-bar-height", bar.getBoundingClientRect().height + "px");
  }

  // The current question is the last one whose top has passed just below the bar.
  function currentFromScroll() {
    const line = bar.getBoundingClientRect().bottom + 40;
    let found = positions[0];
    for (const position of positions) {
      if (questions.get(position).section.getBoundingClientRect().top <= line) found = position;
      else break;
    }
    return found;
  }

  // A question jumped to stays current while it is on screen (the last ones cannot scroll up to
  // the bar); scrolling it out of view hands over to the scroll position.
  let jumpedTo = null;
  function onScreen(position) {
    const rect = questions.get(position).section.getBoundingClientRect();
    return rect.bottom > bar.getBoundingClientRect().bottom && rect.top < window.innerHeight;
  }

  let scrollQueued = false;
  window.addEventListener(
    "scroll",
    function () {
      if (scrollQueued) return;
      scrollQueued = true;
      requestAnimationFrame(function () {
        scrollQueued = false;
        if (jumpedTo !== null && onScreen(jumpedTo)) return;
        jumpedTo = null;
        setCurrent(currentFromScroll());
      });
    },
    { passive: true }
  );

  function announce(text) {
    // Cleared first, so the same words said twice are announced twice.
    announcer.textContent = "";
    setTimeout(function () {
      announcer.textContent = text;
    }, 50);
  }

  // Show a question below the bar and move the focus to it: to its answer when the student is
  // working from the keyboard, to its heading otherwise (no phone keyboard popping up).
  function goTo(position, focusAnswer) {
    const q = questions.get(position);
    closePanel(false);
    q.section.scrollIntoView({ block: "start" });
    jumpedTo = position;
    setCurrent(position);
    const target = focusAnswer
      ? q.section.querySelector("textarea, input[name^='choice-']:checked, input[name^='choice-']")
      : q.section.querySelector("h2");
    target.focus({ preventScroll: true });
    history.replaceState(null, "", "#q-" + position);
    announce("Question " + position + " of " + questions.size + ": " + describeState(q) + ".");
  }

  nav.addEventListener("click", function (event) {
    const link = event.target.closest(".nav-item");
    if (!link) return;
    event.preventDefault();
    goTo(Number(link.id.slice(4)), false);
  });

  // On a phone the panel is a drawer opened from the sticky bar.
  function openPanel() {
    root.style.setProperty("--drawer-top", bar.getBoundingClientRect().bottom + 4 + "px");
    nav.classList.add("open");
    toggle.setAttribute("aria-expanded", "true");
    const link = document.getElementById("nav-" + (current || positions[0]));
    link.focus();
  }

  function closePanel(returnFocus) {
    if (!nav.classList.contains("open")) return;
    nav.classList.remove("open");
    toggle.setAttribute("aria-expanded", "false");
    if (returnFocus) toggle.focus();
  }

  toggle.hidden = false;
  root.classList.add("has-drawer");
  toggle.addEventListener("click", function () {
    if (nav.classList.contains("open")) closePanel(true);
    else openPanel();
  });
  document.addEventListener("click", function (event) {
    if (!nav.contains(event.target) && !toggle.contains(event.target)) closePanel(false);
  });

  function toggleFlag(position) {
    const q = questions.get(position);
    const input = flagInput(q);
    input.checked = !input.checked;
    changed(position);
    announce("Question " + position + (input.checked ? " flagged." : " no longer flagged."));
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && nav.classList.contains("open")) {
      closePanel(true);
      return;
    }
    if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
    const index = positions.indexOf(current === null ? positions[0] : current);
    if (event.code === "KeyN" || event.code === "KeyP") {
      event.preventDefault();
      const next = index + (event.code === "KeyN" ? 1 : -1);
      if (next < 0 || next >= positions.length) {
        announce(next < 0 ? "This is the first question." : "This is the last question.");
        return;
      }
      goTo(positions[next], true);
    } else if (event.code === "KeyF") {
      event.preventDefault();
      toggleFlag(positions[index]);
    }
  });

  // ---- saving -----------------------------------------------------------------------------

  function setStatus(text, state) {
    statusEl.textContent = text;
    statusEl.dataset.state = state;
  }

  function anyUnsent() {
    for (const q of questions.values()) if (q.pending || q.inFlight) return true;
    return false;
  }

  // Promises waiting until every change is acknowledged or refused by the server.
  let settledWaiters = [];
  function whenAllSettled() {
    if (!anyUnsent()) return Promise.resolve();
    return new Promise(function (resolve) {
      settledWaiters.push(resolve);
    });
  }

  function settled() {
    if (anyUnsent()) return;
    const waiters = settledWaiters;
    settledWaiters = [];
    waiters.forEach(function (resolve) {
      resolve();
    });
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
    if (q.failures) return; // a retry is already scheduled: it sends the newest state
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

  // Keep the unsent answer and try again later, waiting longer after each failure.
  function retryLater(position, serverTrouble) {
    const q = questions.get(position);
    q.failures += 1;
    const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * Math.pow(2, q.failures - 1));
    const jittered = delay * (0.8 + 0.4 * Math.random());
    if (serverTrouble) {
      setStatus(
        "The server did not save question " + position + ": trying again in " +
          Math.ceil(jittered / 1000) + " s (your answer is kept on this device)",
        "retrying"
      );
    } else {
      setStatus(offlineText(), "offline");
    }
    clearTimeout(q.timer);
    q.timer = setTimeout(function () {
      send(position);
    }, jittered);
  }

  function readReply(response) {
    return response.json().then(
      function (body) {
        return { status: response.status, body: body };
      },
      function () {
        return { status: response.status, body: null }; // not JSON: a proxy's error page
      }
    );
  }

  function send(position) {
    const q = questions.get(position);
    clearTimeout(q.timer);
    q.timer = null;
    if (!q.pending || q.inFlight) return;
    if (!navigator.onLine) {
      setStatus(offlineText(), "offline");
      return;
    }
    const payload = q.pending;
    q.inFlight = true;
    q.firstDirtyAt = null;
    if (!q.failures) setStatus("Saving…", "saving");
    fetch(root.dataset.saveUrl.replace(/0\/$/, position + "/"), {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify(payload),
    })
      .then(readReply, function () {
        return { status: 0, body: null }; // the network failed
      })
      .then(function (result) {
        q.inFlight = false;
        const acknowledged = result.status === 200 && result.body && "revision" in result.body;
        const refused = result.status >= 400 && result.status < 500 && result.body;
        if (!acknowledged && (!refused || RETRY_STATUSES.has(result.status))) {
          retryLater(position, result.status !== 0);
          return;
        }
        q.failures = 0;
        if (acknowledged) {
          if (q.pending && q.pending.revision <= result.body.revision) q.pending = null;
          store();
          clock.resync(result.body.remaining_seconds);
          if (q.pending) send(position);
          else showIdleStatus();
        } else if (result.status === 409) {
          q.pending = null;
          store();
          setStatus("Not saved: " + result.body.detail, "error");
          finish();
        } else {
          // Refused (a 4xx): sending it again would be refused again. A newer edit still goes.
          if (q.pending === payload) q.pending = null;
          store();
          setStatus("Question " + position + " not saved: " + describe(result.body), "error");
          if (q.pending) send(position);
        }
        settled();
      });
  }

  function describe(body) {
    // Errors are problem details: "detail" says what happened, field by field for a 400.
    return (body && body.detail) || "the server refused it.";
  }

  function flushAll() {
    questions.forEach(function (q, position) {
      send(position);
    });
    return whenAllSettled();
  }

  window.addEventListener("online", function () {
    setStatus("Back online: sending your answers…", "saving");
    flushAll().then(showIdleStatus);
  });
  window.addEventListener("offline", function () {
    setStatus(offlineText(), "offline");
  });

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
        setTimeout(submit, RETRY_FIRST_MS * 5);
      });
    return submitting;
  }

  // The summary page reads what the server has: every change is sent first.
  root.querySelectorAll("#submit-link, .submit-link").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!anyUnsent()) return;
      event.preventDefault();
      setStatus("Saving your answers before the summary…", "saving");
      flushAll().then(function () {
        window.location.assign(link.href);
      });
    });
  });

  // ---- wiring -----------------------------------------------------------------------------

  const clock = window.Quizsite.countdown({
    remainingSeconds: Number(root.dataset.remainingSeconds),
    timerEl: document.getElementById("timer"),
    warningEl: document.getElementById("time-warning"),
    onWarning: function () {
      root.classList.add("time-short");
    },
    onZero: function () {
      const warning = document.getElementById("time-warning");
      warning.textContent = "Time is up: submitting your exam…";
      warning.hidden = false;
      submit();
    },
  });

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
    q.section.addEventListener("focusin", function () {
      jumpedTo = position;
      setCurrent(position);
    });
  });
  if (anyUnsent()) flushAll();

  measureBar();
  if (window.ResizeObserver) new ResizeObserver(measureBar).observe(bar);
  narrow.addEventListener("change", function () {
    closePanel(false);
  });

  // A link from the summary page (#q-5): show that question below the bar once the math is
  // typeset, since typesetting moves everything below it.
  const fromHash = /^#q-(\d+)$/.exec(location.hash);
  const target = fromHash && questions.has(Number(fromHash[1])) ? Number(fromHash[1]) : null;
  setCurrent(target || currentFromScroll());
  if (target) {
    const typeset =
      window.MathJax && MathJax.startup && MathJax.startup.promise
        ? MathJax.startup.promise
        : Promise.resolve();
    typeset.then(function () {
      goTo(target, false);
    });
  }
})();
