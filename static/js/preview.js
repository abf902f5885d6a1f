// Live preview for Markdown textareas: <textarea data-preview="ID"> renders into #ID through the
// server's own renderer (the same sanitising pipeline as saved answers), then MathJax typesets it.
(function () {
  "use strict";

  const DELAY_MS = 600;
  const url = document.body.dataset.previewUrl;

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function render(textarea) {
    const target = document.getElementById(textarea.dataset.preview);
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ text: textarea.value }),
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (body) {
        if (!body) return;
        target.innerHTML = body.html; // sanitised by the server
        if (window.MathJax && MathJax.typesetPromise) MathJax.typesetPromise([target]);
      })
      .catch(function () {
        // Offline: the preview waits for the next change; the text itself is untouched.
      });
  }

  document.querySelectorAll("textarea[data-preview]").forEach(function (textarea) {
    let timer = null;
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        render(textarea);
      }, DELAY_MS);
    });
  });
})();
