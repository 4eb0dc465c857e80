// Autosave for forms marked data-autosave="<url>": answers are posted a moment after typing
// stops, when the tab is hidden or closed, and kept in the browser until the server has them.
// The status line says "Saved" only when the server said so: a refused answer is named there and
// beside its field, and its text stays on the page and in the browser's storage.
// A form with a hidden "revision" field sends the revision it was loaded with and takes the new
// one from each answer, so a save made elsewhere in between is a conflict, never overwritten.
(function () {
  "use strict";
  const form = document.querySelector("form[data-autosave]");
  if (!form) return;
  const url = form.dataset.autosave;
  const storageKey = "stepwise-autosave-" + (form.dataset.autosaveKey || url);
  const status = form.querySelector("[data-autosave-status]");
  const revision = form.querySelector("input[name='revision']");
  let timer = null;
  let dirty = false;
  let stopped = false;
  let inFlight = null; // the save on its way, if any

  form.setAttribute("data-warn-unsaved", "");

  function unsaved(yes) { form.dataset.unsaved = yes ? "1" : ""; }

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

  function forgetLocally() {
    try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
  }

  function errorSlot(name) {
    let slot = form.querySelector('[data-error-for="' + CSS.escape(name) + '"]');
    if (slot) return slot;
    const field = form.querySelector('[name="' + CSS.escape(name) + '"]');
    if (!field) return null;
    slot = document.createElement("p");
    slot.className = "errorlist";
    slot.setAttribute("role", "alert");
    slot.dataset.errorFor = name;
    (field.closest("fieldset") || field).insertAdjacentElement("beforebegin", slot);
    return slot;
  }

  function showErrors(errors) {
    form.querySelectorAll("[data-error-for]").forEach(function (el) {
      el.textContent = errors[el.dataset.errorFor] || "";
    });
    Object.keys(errors).forEach(function (name) {
      const slot = errorSlot(name);
      if (slot) slot.textContent = errors[name];
    });
  }

  function body() {
    const data = new FormData(form);
    data.delete("action");
    return data;
  }

  function save(leaving) {
    if (stopped || !dirty) return;
    if (inFlight) {
      // One save at a time, so each carries the revision the last one brought back.
      clearTimeout(timer);
      timer = setTimeout(save, 500);
      return;
    }
    dirty = false;
    say(form.dataset.savingText || "Saving…");
    // keepalive lets a save started as the tab is hidden or closed finish; if the page is still
    // there, its answer (the new revision, or a refusal) is read like any other.
    inFlight = fetch(url, { method: "POST", body: body(), credentials: "same-origin", keepalive: !!leaving, headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, status: response.status, data: data }; });
      })
      .then(function (result) {
        inFlight = null;
        if (revision && result.data.revision !== undefined) revision.value = String(result.data.revision);
        // 409: saved elsewhere meanwhile; 410 or 404: the survey closed, or its link no longer opens it.
        if (result.status === 409 || result.status === 410 || result.status === 404) {
          stopped = true;
          say(result.data.message, true);
          return;
        }
        if (result.status === 400 && result.data.message) {
          // Refused: say so, show why beside each field, keep the browser's copy of the text.
          showErrors(result.data.errors || {});
          say(result.data.message, true);
          keepLocally();
          return;
        }
        if (!result.ok) throw new Error("save failed");
        showErrors(result.data.errors || {});
        // Rows the save created get their ids, so the next save changes them instead of adding them again.
        Object.keys(result.data.ids || {}).forEach(function (name) {
          const field = form.querySelector('[name="' + CSS.escape(name) + '"]');
          if (field) field.value = result.data.ids[name];
        });
        if (dirty) {
          save(); // typed while this save was on its way: the browser still holds that text
          return;
        }
        forgetLocally();
        unsaved(false);
        say(result.data.message);
      })
      .catch(function () {
        inFlight = null;
        dirty = true;
        say(form.dataset.offlineText || "Not saved yet: the connection seems down. Your answers are kept in this browser and saved as soon as it is back.", true);
        clearTimeout(timer);
        timer = setTimeout(save, 5000);
      });
  }

  function changed() {
    dirty = true;
    unsaved(true);
    keepLocally();
    clearTimeout(timer);
    timer = setTimeout(save, 1000);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    if (inFlight) {
      // Wait for the save on its way: it brings the revision this submit must carry.
      event.preventDefault();
      const submitter = event.submitter;
      stopped = true;
      inFlight.finally(function () { inFlight = null; form.requestSubmit(submitter || undefined); });
      return;
    }
    stopped = true;
    unsaved(false);
    forgetLocally();
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty) {
      clearTimeout(timer);
      save(true);
    }
  });
  window.addEventListener("online", function () { if (dirty) save(); });

  // Answers typed earlier and never saved (offline, or refused) come back on the next visit, with
  // the revision they were typed on: if someone saved in between, the server says so.
  let kept = null;
  try { kept = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { kept = null; }
  if (Array.isArray(kept) && kept.length) {
    const values = {};
    kept.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    Object.keys(values).forEach(function (name) {
      let index = 0;
      form.querySelectorAll('[name="' + CSS.escape(name) + '"]').forEach(function (field) {
        if (field.type === "radio" || field.type === "checkbox") {
          field.checked = values[name].indexOf(field.value) !== -1;
        } else if (field === revision || field.type !== "hidden") {
          if (index < values[name].length) field.value = values[name][index];
          index += 1;
          field.dispatchEvent(new Event("input", { bubbles: false })); // the room-left counter
        }
      });
    });
    dirty = true;
    unsaved(true);
    say(form.dataset.restoredText || "Answers you typed earlier but that were not saved have been put back; saving them now.");
    save();
  }
})();
