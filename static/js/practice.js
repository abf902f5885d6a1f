// The practice page: one card at a time. Space shows the answer, 1–5 rate it (Enter keeps the
// rating picked, such as the marking assistant's suggestion for a typed answer); the rating is sent
// to the API, the next card appears and the progress bar moves. After the last card of the batch
// the page reloads for the next one. Without JavaScript the same forms post to the server.
(function () {
  "use strict";

  const root = document.getElementById("practice");
  if (!root) return;

  const rateUrl = root.dataset.rateUrl;
  const csrfToken = root.dataset.csrfToken;
  const cards = Array.from(root.querySelectorAll(".practice-card"));
  const progress = document.getElementById("session-progress");
  const doneEl = document.getElementById("session-done");
  const leftEl = document.getElementById("session-left");
  let index = 0;
  let shownAt = performance.now();
  let sending = false;

  function current() {
    return cards[index];
  }

  function details(card) {
    return card.querySelector("details.reveal");
  }

  function show(position) {
    cards.forEach(function (card, n) {
      card.hidden = n !== position;
    });
    shownAt = performance.now();
    const card = current();
    if (card) {
      // Focus the card, not the answer box: Space and 1–5 work at once; a click types.
      card.focus({ preventScroll: true });
      card.scrollIntoView({ block: "nearest" });
    }
  }

  function reveal(card) {
    const box = details(card);
    if (!box.open) box.open = true;
  }

  // What the student typed appears beside the model answer once it is shown.
  function onReveal(card) {
    const typed = card.querySelector(".typed-input");
    const mine = card.querySelector(".mine");
    const text = typed ? typed.value.trim() : "";
    mine.hidden = !text;
    mine.querySelector(".mine-text").textContent = text;
    if (text && card.dataset.markUrl && card.dataset.markedText !== text) {
      card.dataset.markedText = text;
      mark(card, text);
    }
    if (document.activeElement === typed) card.focus({ preventScroll: true });
  }

  // The marking assistant compares the typed answer with the model answers: the key points
  // covered and missed are listed and its suggested rating is pre-selected.
  function mark(card, text) {
    const box = card.querySelector(".mark");
    const summary = box.querySelector(".mark-summary");
    const list = box.querySelector(".key-points");
    box.hidden = false;
    summary.textContent = "Marking your answer…";
    list.replaceChildren();
    post(card.dataset.markUrl, { answer: text })
      .then(function (result) {
        const covered = result.key_points.filter(function (point) {
          return point.covered;
        }).length;
        summary.textContent =
          "Suggested rating: " + result.rating + " · " + covered + " of " + result.key_points.length +
          " key points covered";
        result.key_points.forEach(function (point) {
          const item = document.createElement("li");
          item.className = point.covered ? "covered" : "missed";
          item.textContent = (point.covered ? "Covered: " : "Missed: ") + point.text;
          list.appendChild(item);
        });
        box.querySelector(".mark-explanation").textContent = result.explanation;
        const radio = card.querySelector('input[name="rating"][value="' + result.rating + '"]');
        if (radio && !card.querySelector('input[name="rating"]:checked')) radio.checked = true;
      })
      .catch(function (error) {
        summary.textContent = error.message;
      });
  }

  function post(url, payload) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify(payload),
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.detail || "The server refused it.");
        return body;
      });
    }, function () {
      throw new Error("No connection: try again.");
    });
  }

  function advance(card) {
    const done = Number(doneEl.textContent) + 1;
    const left = Math.max(0, Number(leftEl.textContent) - 1);
    doneEl.textContent = String(done);
    leftEl.textContent = String(left);
    progress.value = Math.min(done, Number(progress.max));
    card.classList.add("rated");
    if (index + 1 < cards.length) {
      index += 1;
      show(index);
    } else {
      root.setAttribute("aria-busy", "true");
      window.location.reload();
    }
  }

  function rate(card, rating) {
    if (sending) return;
    sending = true;
    const form = card.querySelector("form.practice-rating");
    const status = card.querySelector(".rate-status") || document.createElement("p");
    status.className = "rate-status";
    status.setAttribute("role", "status");
    form.appendChild(status);
    status.textContent = "Saving…";
    post(rateUrl, {
      question: Number(card.dataset.question),
      rating: rating,
      duration_ms: Math.round(performance.now() - shownAt),
    })
      .then(function () {
        status.textContent = "";
        advance(card);
      })
      .catch(function (error) {
        status.textContent = error.message;
      })
      .finally(function () {
        sending = false;
      });
  }

  cards.forEach(function (card) {
    const box = details(card);
    box.addEventListener("toggle", function () {
      if (box.open) onReveal(card);
    });
    card.querySelector("form.practice-rating").addEventListener("submit", function (event) {
      event.preventDefault();
      const chosen = card.querySelector('input[name="rating"]:checked');
      if (chosen) rate(card, Number(chosen.value));
    });
  });

  function typing(target) {
    return target && (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && target.type === "text"));
  }

  document.addEventListener("keydown", function (event) {
    const card = current();
    if (!card || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    const box = details(card);
    if (event.key === " " || event.key === "Spacebar") {
      if (event.target.tagName === "SUMMARY" || event.target.tagName === "BUTTON") return;
      event.preventDefault();
      reveal(card);
    } else if (event.key === "Enter" && box.open && !/^(A|BUTTON|SUMMARY|INPUT)$/.test(event.target.tagName)) {
      // Enter keeps the rating already picked (the assistant's suggestion, or a click).
      const chosen = card.querySelector('input[name="rating"]:checked');
      if (chosen) {
        event.preventDefault();
        rate(card, Number(chosen.value));
      }
    } else if (/^[1-5]$/.test(event.key) && box.open) {
      event.preventDefault();
      const radio = card.querySelector('input[name="rating"][value="' + event.key + '"]');
      radio.checked = true;
      rate(card, Number(event.key));
    }
  });

  // In the answer box, Ctrl+Enter shows the answer and Escape leaves the box.
  root.addEventListener("keydown", function (event) {
    if (!typing(event.target)) return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      reveal(current());
    } else if (event.key === "Escape") {
      current().focus();
    }
  });

  show(0);
})();
