// The summary page before submitting: the clock keeps counting (countdown.js) and submits at zero;
// "Submit all and finish" asks once more in a dialog (without script the server asks instead).
(function () {
  "use strict";

  const root = document.getElementById("summary");
  if (!root) return;

  const finishForm = document.getElementById("finish-form");
  const dialog = document.getElementById("confirm-dialog");
  const confirmForm = document.getElementById("confirm-form");

  if (finishForm && dialog && dialog.showModal) {
    finishForm.addEventListener("submit", function (event) {
      event.preventDefault();
      dialog.showModal();
    });
    document.getElementById("confirm-cancel").addEventListener("click", function () {
      dialog.close();
    });
  }

  confirmForm.addEventListener("submit", function () {
    confirmForm.querySelector("button[type=submit]").disabled = true;
  });

  window.Quizsite.countdown({
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
      confirmForm.submit();
    },
  });
})();
