// Links drawn as buttons (<a role="button">) answer the Space key as buttons do, not only Enter:
// a keyboard user told "button" presses Space, and the page must not merely scroll.
(function () {
  "use strict";
  function linkButton(event) {
    const target = event.target;
    return target instanceof HTMLAnchorElement && target.getAttribute("role") === "button" && target.href;
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === " " && linkButton(event)) event.preventDefault(); // no scrolling
  });
  // A button acts when Space is let go, as the browser's own buttons do.
  document.addEventListener("keyup", function (event) {
    if (event.key === " " && linkButton(event)) {
      event.preventDefault();
      event.target.click();
    }
  });
})();
