// The review page: filters on each question's state, and ratings saved in place through the
// JSON API (the score follows). Without script the filters stay hidden and ratings post the form.
(function () {
  "use strict";

  const root = document.getElementById("review");
  if (!root) return;

  const csrfToken = root.dataset.csrfToken;
  const sections = Array.from(root.querySelectorAll(".review-item"));
  const filters = document.getElementById("review-filters");
  const filterStatus = document.getElementById("filter-status");

  // ---- filters ----------------------------------------------------------------------------

  function filtersOf(section) {
    return section.dataset.filters.split(" ");
  }

  function matches(section, show) {
    return show === "all" || filtersOf(section).indexOf(show) !== -1;
  }

  function applyFilter(show) {
    let shown = 0;
    sections.forEach(function (section) {
      const visible = matches(section, show);
      section.hidden = !visible;
      const item = root.querySelector(".review-panel li[data-position='" + section.dataset.position + "']");
      item.hidden = !visible;
      if (visible) shown += 1;
    });
    filterStatus.hidden = show === "all";
    filterStatus.textContent =
      show === "all" ? "" : "Showing " + shown + " of " + sections.length + " questions.";
  }

  function refreshCounts() {
    const counts = {};
    let missed = 0;
    sections.forEach(function (section) {
      filtersOf(section).forEach(function (key) {
        counts[key] = (counts[key] || 0) + 1;
      });
      if (section.dataset.missed === "true") missed += 1;
    });
    filters.querySelectorAll("[data-count]").forEach(function (el) {
      el.textContent = counts[el.dataset.count] || 0;
    });
    document.getElementById("missed-count").textContent =
      "(" + missed + " question" + (missed === 1 ? "" : "s") + ")";
    document.getElementById("retry").hidden = missed === 0;
    document.getElementById("nothing-missed").hidden = missed !== 0;
  }

  filters.hidden = false;
  filters.addEventListener("change", function (event) {
    applyFilter(event.target.value);
  });

  // ---- ratings ----------------------------------------------------------------------------

  // The student's rating replaces the assistant's: state, colour, filters and "missed".
  function markRated(section, rating) {
    const flagged = filtersOf(section).indexOf("flagged") !== -1;
    const tone = rating <= 2 ? "low" : rating === 3 ? "mid" : "high";
    const classes = "state-rated tone-" + tone;
    const label = "Rated " + rating + "/5";
    section.dataset.state = "rated";
    section.dataset.filters = "rated" + (flagged ? " flagged" : "");
    section.dataset.missed = String(rating <= 2);
    const badge = section.querySelector(".state-badge");
    badge.className = "badge state-badge " + classes;
    badge.textContent = label;
    const link = document.getElementById("nav-" + section.dataset.position);
    link.className = "nav-item " + classes + (flagged ? " flagged" : "");
    link.querySelector(".nav-state").textContent =
      ", " + label.toLowerCase() + (flagged ? ", flagged" : "");
    refreshCounts();
  }

  function percent(fraction) {
    return Math.round(fraction * 100) + "%";
  }

  root.querySelectorAll(".rating-form").forEach(function (form) {
    const section = form.closest(".review-item");
    const status = form.querySelector(".rating-status");
    const button = form.querySelector(".save-rating");
    let inFlight = false;
    let queued = null;

    function save(rating) {
      if (inFlight) {
        queued = rating; // only the latest choice is sent once the one in flight returns
        return;
      }
      inFlight = true;
      status.textContent = "Saving…";
      status.dataset.state = "saving";
      fetch(form.dataset.ratingUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
        body: JSON.stringify({ rating: rating }),
      })
        .then(function (response) {
          return response
            .json()
            .catch(function () {
              return {};
            })
            .then(function (body) {
              if (!response.ok || typeof body.attempt_score !== "number") {
                throw { detail: body.detail || "the server did not save it" };
              }
              return body;
            });
        })
        .then(function (body) {
          document.getElementById("score").textContent = percent(body.attempt_score);
          const summary = document.getElementById("result-summary");
          summary.textContent =
            "Marked " + summary.dataset.marked + " · your ratings " + percent(body.attempt_score);
          markRated(section, body.self_rating);
          status.textContent =
            "Saved: by your ratings the score is now " + percent(body.attempt_score) + ".";
          status.dataset.state = "saved";
          button.hidden = true;
        })
        .catch(function (error) {
          const reason = (error && error.detail) || "the server could not be reached";
          status.textContent = "Not saved (" + reason + "): try again.";
          status.dataset.state = "error";
          button.hidden = false;
        })
        .then(function () {
          inFlight = false;
          if (queued !== null) {
            const next = queued;
            queued = null;
            save(next);
          }
        });
    }

    // A rating suggested by the assistant is not saved until the student confirms it.
    button.hidden = form.dataset.saved === "true";
    form.addEventListener("change", function (event) {
      if (event.target.name === "rating") save(Number(event.target.value));
    });
    form.addEventListener("submit", function (event) {
      const checked = form.querySelector("input[name=rating]:checked");
      if (!checked) return; // the server explains what is missing
      event.preventDefault();
      save(Number(checked.value));
    });
  });

  // ---- marks still coming ---------------------------------------------------------------------

  // While the task worker marks the open answers, ask the API every few seconds and reload once
  // the marks are in (without script, a <noscript> refresh reloads the page instead).
  const pending = document.getElementById("marking-pending");
  if (pending) {
    const poll = function () {
      fetch(pending.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { being_marked: true }; })
        .catch(function () { return { being_marked: true }; })
        .then(function (review) {
          if (review.being_marked) window.setTimeout(poll, 3000);
          else window.location.reload();
        });
    };
    window.setTimeout(poll, 2000);
  }
})();
