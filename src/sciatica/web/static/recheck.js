// Re-check (issue 15 part 4): keep the last self-check answers in this browser only, send them
// back to /check/again when the person asks to check again, forget them on request. The answers
// are the ones the result page already shows; the server keeps nothing.
(function () {
  "use strict";

  var KEY = "sciatica-last-check-v1";
  var box = document.querySelector("[data-recheck]");
  if (!box) { return; }
  var last = box.getAttribute("data-last");
  var keep = box.querySelector("[data-recheck-keep]");
  var form = box.querySelector("[data-recheck-form]");
  var forget = box.querySelector("[data-recheck-forget]");
  var status = box.querySelector(".sc-recheck-status");

  function stored() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "null");
      return value && typeof value === "object" ? value : null;
    } catch (e) {
      return null;
    }
  }
  function show() {
    var kept = stored();
    form.hidden = !kept;
    forget.hidden = !kept;
    if (kept) { form.elements.last.value = JSON.stringify(kept); }
    // nothing to offer on a page that has no answers and a browser that kept none
    box.hidden = !kept && !last;
  }

  if (keep) {
    keep.addEventListener("click", function () {
      var answers = JSON.parse(last);
      answers.t = new Date().toISOString().slice(0, 10);
      window.localStorage.setItem(KEY, JSON.stringify(answers));
      status.textContent = box.getAttribute("data-kept").replace("{date}", answers.t);
      show();
    });
  }
  forget.addEventListener("click", function () {
    window.localStorage.removeItem(KEY);
    status.textContent = box.getAttribute("data-forgotten");
    show();
  });
  show();
})();
