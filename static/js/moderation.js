// Review queue: picking a ready-made rejection reason puts its text in the reason box, to edit.
// Without this script the server uses the picked reason when the box is left empty.
(function () {
  "use strict";

  document.querySelectorAll("select[data-reason-for]").forEach(function (select) {
    const textarea = document.getElementById(select.dataset.reasonFor);
    let filled = "";
    select.addEventListener("change", function () {
      const option = select.selectedOptions[0];
      const text = option ? option.dataset.text || "" : "";
      // Replace only what a previous pick filled in, never the moderator's own words.
      if (textarea.value.trim() === "" || textarea.value === filled) {
        textarea.value = text;
        filled = text;
      }
      textarea.focus();
    });
  });
})();
