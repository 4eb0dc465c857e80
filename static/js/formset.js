// "Add another" for Django formsets: a button[data-add-row="<prefix>"] copies <template id="<prefix>-empty">
// into [data-rows="<prefix>"] and counts it in the management form. Without JavaScript the page
// still offers a blank row after every save.
(function () {
  "use strict";
  document.querySelectorAll("button[data-add-row]").forEach(function (button) {
    const prefix = button.dataset.addRow;
    const template = document.getElementById(prefix + "-empty");
    const rows = document.querySelector('[data-rows="' + prefix + '"]');
    const total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    if (!template || !rows || !total) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      const index = parseInt(total.value, 10) || 0;
      const html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const added = rows.lastElementChild;
      const legend = added && added.querySelector("legend");
      if (legend) legend.textContent = legend.textContent.trim() + " " + (index + 1);
      const first = added && added.querySelector("input:not([type=hidden]), textarea, select");
      if (first) first.focus();
    });
  });
})();
