// A time-zone field marked data-time-zone-from-browser starts at the zone this browser runs in,
// when that zone is one of the field's choices; the person can still change it before sending.
(function () {
  "use strict";
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  document.querySelectorAll("input[data-time-zone-from-browser]").forEach(function (input) {
    const offered = input.list ? Array.from(input.list.options, function (option) { return option.value; }) : [];
    if (zone && offered.indexOf(zone) !== -1) {
      input.value = zone;
    }
  });
})();
