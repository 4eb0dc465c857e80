// Autosave for forms marked data-autosave="<url>": answers are posted a moment after typing
// stops, when the tab is hidden or closed, and kept in the browser while the connection is down.
(function () {
  "use strict";
  const form = document.querySelector("form[data-autosave]");
  if (!form) return;
  const url = form.dataset.autosave;
  const storageKey = "stepwise-autosave-" + (form.dataset.autosaveKey || url);
  const status = form.querySelector("[data-autosave-status]");
  let timer = null;
  let dirty = false;
  let stopped = false;

  function say(text, isError) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("error", !!isError);
  }

  function keepLocally() {
    const entries = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") entries.push([name, value]);
    });
    try { localStorage.setItem(storageKey, JSON.stringify(entries)); } catch (e) { /* storage full or off */ }
  }

  function showErrors(errors) {
    form.querySelectorAll("[data-error-for]").forEach(function (el) {
      el.textContent = errors[el.dataset.errorFor] || "";
    });
  }

  function save() {
    if (stopped || !dirty) return;
    dirty = false;
    const body = new FormData(form);
    body.delete("action");
    say(form.dataset.savingText || "Saving…");
    fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, status: response.status, data: data }; });
      })
      .then(function (result) {
        if (result.status === 409) {
          stopped = true;
          say(result.data.message, true);
          return;
        }
        if (result.status === 400 && result.data.message) {
          // Refused as sent (a NUL character, say): nothing saved; the text stays here and in
          // the browser, and the next change tries again.
          dirty = true;
          say(result.data.message, true);
          return;
        }
        if (!result.ok) throw new Error("save failed");
        try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
        // The next save is made on the revision this one wrote (the stale-edit check).
        const revision = form.querySelector('input[name="revision"]');
        if (revision && result.data.revision !== undefined) revision.value = result.data.revision;
        showErrors(result.data.errors || {});
        say(result.data.message);
      })
      .catch(function () {
        dirty = true;
        say(form.dataset.offlineText || "Not saved yet: the connection seems down. Your answers are kept in this browser and saved as soon as it is back.", true);
        clearTimeout(timer);
        timer = setTimeout(save, 5000);
      });
  }

  function changed() {
    dirty = true;
    keepLocally();
    clearTimeout(timer);
    timer = setTimeout(save, 1000);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { stopped = true; clearTimeout(timer); try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ } });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty && !stopped) {
      const body = new FormData(form);
      body.delete("action");
      if (navigator.sendBeacon && navigator.sendBeacon(url, body)) dirty = false;
    }
  });
  window.addEventListener("online", function () { if (dirty) save(); });

  // Answers typed while offline, and never saved, come back on the next visit.
  let kept = null;
  try { kept = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { kept = null; }
  if (Array.isArray(kept) && kept.length) {
    kept.forEach(function (pair) {
      const fields = form.querySelectorAll('[name="' + CSS.escape(pair[0]) + '"]');
      fields.forEach(function (field) {
        if (field.type === "radio" || field.type === "checkbox") field.checked = field.value === pair[1];
        else if (field.type !== "hidden") field.value = pair[1];
      });
    });
    dirty = true;
    say(form.dataset.restoredText || "Answers you typed earlier but that were not saved have been put back; saving them now.");
    save();
  }
})();
