// What is typed is never lost, on any page that loads this script:
// - every text field with a limit (maxlength) shows how much room is left, and the limit is moved to
//   data-limit so the browser never cuts a paste short without a word: the server refuses text over
//   the limit with a message beside the field, and keeps it;
// - a form marked data-warn-unsaved asks before the page is left with changes not yet saved
//   (autosave.js marks its own form the same way while a change waits to be saved or was refused).
// Wording comes from the script tag's data- attributes, translated by the page.
(function () {
  "use strict";
  const script = document.currentScript;
  const text = {
    left: (script && script.dataset.leftText) || "{left} of {limit} characters left",
    over: (script && script.dataset.overText) || "{over} characters over the limit of {limit}: shorten it",
  };
  const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
  let counted = 0;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? numbers.format(values[name]) : match;
    });
  }

  function counter(field) {
    const limit = parseInt(field.getAttribute("maxlength") || field.dataset.limit, 10);
    if (!limit) return;
    field.dataset.limit = String(limit);
    field.removeAttribute("maxlength");
    // Long fields always show the room left; one-line fields only once it starts to matter.
    const always = field.tagName === "TEXTAREA";
    const note = document.createElement("small");
    counted += 1;
    note.id = (field.id || "field-" + counted) + "-room";
    note.className = "room";
    field.insertAdjacentElement("afterend", note);
    const described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + note.id);

    function update() {
      // Line ends count as two characters when the form is sent (CRLF), as the server counts them.
      const length = field.value.replace(/\r?\n/g, "\r\n").length;
      const left = limit - length;
      note.hidden = !always && left > limit * 0.2;
      note.classList.toggle("over", left < 0);
      note.textContent = left < 0 ? fill(text.over, { over: -left, limit: limit }) : fill(text.left, { left: left, limit: limit });
    }
    field.addEventListener("input", update);
    update();
  }

  document
    .querySelectorAll("textarea[maxlength], textarea[data-limit], input[maxlength]:not([type=hidden]), input[data-limit]")
    .forEach(counter);

  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    if (form.hasAttribute("data-autosave")) return; // autosave.js keeps this form's state
    function changed() { form.dataset.unsaved = "1"; }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () { form.dataset.unsaved = ""; });
  });

  window.addEventListener("beforeunload", function (event) {
    if (!document.querySelector("form[data-warn-unsaved][data-unsaved='1']")) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers need it set to show the dialog
  });
})();
