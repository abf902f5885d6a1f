// Recall mode on question pages: with the student's setting on (a cookie set by the practice
// settings), model answers and keys stay hidden until "Show answer". The page's HTML is the same
// for everyone; only this script reads the setting.
(function () {
  "use strict";

  if (!/(?:^|;\s*)quizsite_recall=1(?:;|$)/.test(document.cookie)) return;
  const answers = document.querySelector('[data-recall="answers"]');
  if (!answers) return;
  const hidden = document.querySelectorAll("[data-recall]");
  hidden.forEach(function (section) {
    section.classList.add("recall-hidden");
  });

  const button = document.createElement("button");
  button.type = "button";
  button.className = "recall-toggle";
  button.textContent = "Show answer";
  button.setAttribute("aria-expanded", "false");
  const heading = answers.querySelector("h2");
  heading.insertAdjacentElement("afterend", button);
  button.addEventListener("click", function () {
    hidden.forEach(function (section) {
      section.classList.remove("recall-hidden");
    });
    button.remove();
  });
})();
