// The clinician page: recompute the assessment as fields change (the server renders the result
// panel, so no clinical logic lives here), show refused fields next to the controls, let the
// legs drawing set the sensory selects, print the referral report, and open a CDS card's SMART
// link (/clinician#case=...) with the form filled in by the server. Without this script the form
// posts and the server answers with the same page; nothing here is required.
(function () {
  "use strict";

  // --- the report page: "Print / Save as PDF" -------------------------------------------------
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // --- the report page: step the type down until the report fits one A4 page ---------------------
  var report = document.querySelector("main.report");
  var PAGE_PX = 277 * 96 / 25.4;  // A4 height less the 10 mm margins of @page, in CSS pixels
  function fitReport() {
    if (!report) { return; }
    var steps = ["", "fit-1", "fit-2", "fit-3"];
    steps.forEach(function (name) { if (name) { report.classList.remove(name); } });
    report.classList.add("measuring");
    for (var i = 0; i < steps.length; i++) {
      if (steps[i]) { report.classList.add(steps[i]); }
      if (report.scrollHeight <= PAGE_PX - 8) { break; }
      if (steps[i] && i < steps.length - 1) { report.classList.remove(steps[i]); }
    }
    report.classList.remove("measuring");
  }
  fitReport();
  window.addEventListener("beforeprint", fitReport);

  // --- the form: started on load, or once the server has filled it from a SMART link --------------
  function startForm() {
    var form = document.getElementById("cl-form");
    var panel = document.getElementById("result");
    if (!form || !panel) { return null; }
    var status = document.getElementById("cl-status");
    var tokenMeta = document.querySelector('meta[name="csrf-token"]');
    var token = tokenMeta ? tokenMeta.getAttribute("content") : "";
    var url = form.getAttribute("data-result-url") || "/clinician/result";
    var messages = {
      failed: form.getAttribute("data-msg-failed") || "",
      expired: form.getAttribute("data-msg-expired") || ""
    };
    var timer = null;
    var sequence = 0;
    var inflight = null;

    function say(text) {
      if (status && status.textContent !== text) { status.textContent = text; }
    }

    // --- field messages from the fragment ----------------------------------------------------------
    function showFieldErrors() {
      form.querySelectorAll(".cl-error").forEach(function (slot) { slot.textContent = ""; });
      form.querySelectorAll('[aria-invalid="true"]').forEach(function (control) {
        control.removeAttribute("aria-invalid");
      });
      panel.querySelectorAll("[data-error-for]").forEach(function (item) {
        var id = item.getAttribute("data-error-for");
        var control = document.getElementById(id);
        var slot = document.getElementById("err-" + id);
        if (control) { control.setAttribute("aria-invalid", "true"); }
        if (slot) { slot.textContent = item.getAttribute("data-message") || ""; }
        // a refused answer in a folded section is shown, not left hidden
        var folded = control && control.closest ? control.closest("details") : null;
        if (folded) { folded.open = true; }
      });
    }

    function markSet(control) {
      if (!control.classList) { return; }
      if (control.type === "radio") {  // the segmented group is marked, not the hidden radio
        var group = control.closest(".cl-seg");
        if (group) { group.classList.toggle("is-set", control.value !== ""); }
        return;
      }
      control.classList.toggle("is-set", control.value !== "");
    }

    // --- segmented MRC buttons: a digit sets the grade of the focused muscle ---------------------
    // Arrows (native radio behaviour) move within a muscle's buttons and Tab to the next muscle;
    // 0-5 choose the grade directly, "-" / Delete / Backspace set it back to "not tested".
    function choose(group, value) {
      var radio = group.querySelector('input[type="radio"][value="' + value + '"]');
      if (!radio) { return; }
      radio.checked = true;
      radio.focus();
      radio.dispatchEvent(new Event("change", { bubbles: true }));
    }
    form.addEventListener("keydown", function (event) {
      var target = event.target;
      if (target.type !== "radio" || event.altKey || event.ctrlKey || event.metaKey) { return; }
      var group = target.closest(".cl-seg-grade");
      if (!group) { return; }
      if (/^[0-5]$/.test(event.key)) {
        event.preventDefault();
        choose(group, event.key);
      } else if (event.key === "-" || event.key === "Delete" || event.key === "Backspace") {
        event.preventDefault();
        choose(group, "");
      }
    });
    form.querySelectorAll(".cl-keys").forEach(function (hint) { hint.hidden = false; });

    // --- "All unanswered: no": fills only the red-flag questions left unanswered ---------------
    // A positive answer is never overwritten, and each question stays visible to be changed.
    form.querySelectorAll("[data-all-negative]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var block = button.closest("fieldset");
        block.querySelectorAll(".cl-seg[data-negative]").forEach(function (group) {
          var answered = group.querySelector('input[type="radio"]:checked');
          if (answered && answered.value !== "") { return; }
          var no = group.querySelector('input[type="radio"][value="' + group.getAttribute("data-negative") + '"]');
          if (no) { no.checked = true; markSet(no); }
        });
        syncDrawing();
        schedule(0);
      });
    });

    // --- the live update ---------------------------------------------------------------------------
    function update() {
      var mine = ++sequence;
      if (inflight) { inflight.abort(); }
      inflight = typeof AbortController === "function" ? new AbortController() : null;
      var body = new URLSearchParams(new FormData(form));
      var current = panel.querySelector(".cl-panel");
      if (current) { current.classList.add("is-stale"); }
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": token, "Content-Type": "application/x-www-form-urlencoded" },
        body: body.toString(),
        signal: inflight ? inflight.signal : undefined
      }).then(function (response) {
        if (response.status === 403) { throw new Error("expired"); }
        if (response.status !== 200 && response.status !== 422) { throw new Error("failed"); }
        return response.text();
      }).then(function (html) {
        if (mine !== sequence) { return; }
        panel.innerHTML = html;  // rendered and escaped by the server's templates
        showFieldErrors();
        var fresh = panel.querySelector(".cl-panel");
        say(fresh ? fresh.getAttribute("data-status") || "" : "");
        form.dispatchEvent(new CustomEvent("cl:updated", { bubbles: true }));
      }).catch(function (error) {
        if (error && error.name === "AbortError") { return; }
        if (mine !== sequence) { return; }
        var stale = panel.querySelector(".cl-panel");
        if (stale) { stale.classList.remove("is-stale"); }
        say(error && error.message === "expired" ? messages.expired : messages.failed);
      });
    }

    function schedule(delay) {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(update, delay);
    }

    form.addEventListener("change", function (event) {
      markSet(event.target);
      syncDrawing();
      schedule(150);
    });
    form.addEventListener("input", function (event) {
      if (event.target.tagName === "INPUT") { markSet(event.target); schedule(500); }
    });

    // --- the legs drawing drives the sensory selects -------------------------------------------------
    var drawing = document.getElementById("cl-drawing");
    // A click marks a loss first (what a drawing is used for), then absent, normal, not tested.
    var CYCLE = ["", "reduced", "absent", "normal"];

    function selectFor(area) {
      var key = area.getAttribute("data-area");
      var side = area.getAttribute("data-side");
      var name = key === "saddle" ? "exam.sensation.saddle" : "exam.sensation." + side + "." + key;
      return form.elements.namedItem(name);
    }

    // The name and shown value of a select, or of a segmented group (a RadioNodeList)
    function describe(control) {
      if (control.options) {
        var label = document.querySelector('label[for="' + control.id + '"]');
        var option = control.options[control.selectedIndex];
        return { label: label ? label.textContent.trim() : "", text: option ? option.text : "" };
      }
      var first = control[0];
      var group = first ? first.closest(".cl-seg") : null;
      var legend = group ? group.querySelector("legend") : null;
      var checked = group ? group.querySelector("input:checked") : null;
      var shown = checked ? document.querySelector('label[for="' + checked.id + '"]') : null;
      // a symbol button ("↓") carries its word for screen readers: name the area with the word
      var word = shown ? shown.querySelector(".visually-hidden") || shown : null;
      return { label: legend ? legend.textContent.trim() : "", text: word ? word.textContent.trim() : "" };
    }

    function syncDrawing() {
      if (!drawing) { return; }
      drawing.querySelectorAll(".area[data-area]").forEach(function (area) {
        var select = selectFor(area);
        if (!select) { return; }
        var value = select.value || "";
        var lost = value === "reduced" || value === "absent";
        area.classList.toggle("is-marked", lost);
        area.classList.toggle("is-reduced", value === "reduced");
        area.classList.toggle("is-absent", value === "absent");
        area.classList.toggle("is-normal", value === "normal");
        area.setAttribute("aria-pressed", lost ? "true" : "false");
        var named = describe(select);
        if (named.label) { area.setAttribute("aria-label", named.label + ": " + named.text); }
        var title = area.querySelector("title");
        if (title && named.label) { title.textContent = named.label + ": " + named.text; }
      });
    }

    function cycle(area) {
      var select = selectFor(area);
      if (!select) { return; }
      var next = CYCLE[(CYCLE.indexOf(select.value) + 1) % CYCLE.length];
      select.value = next;
      // a segmented group (RadioNodeList) has no events of its own: its checked radio sends it
      var target = select.options ? select : form.querySelector('input[name="' + select[0].name + '"]:checked');
      if (target) { target.dispatchEvent(new Event("change", { bubbles: true })); }
    }

    if (drawing) {
      drawing.addEventListener("click", function (event) {
        var area = event.target.closest ? event.target.closest(".area[data-area]") : null;
        if (area) { cycle(area); }
      });
      drawing.addEventListener("keydown", function (event) {
        var area = event.target.closest ? event.target.closest(".area[data-area]") : null;
        if (area && (event.key === "Enter" || event.key === " ")) {
          event.preventDefault();
          cycle(area);
        }
      });
      syncDrawing();
    }
    return say;
  }

  // --- a SMART link from the electronic health record: /clinician#case=<base64url JSON> ------------
  // The fragment is read here and posted to the server, which decodes it and answers the form and
  // result filled in (its own case -> form mapping: no clinical logic here). It is then removed
  // from the address bar, so the case is not left in the history or a bookmark. A fragment never
  // reaches the server's logs: the browser does not send it with the page request.
  var workspace = document.getElementById("cl-workspace");
  var hash = window.location.hash || "";
  if (workspace && hash.indexOf("#case=") === 0) {
    var fragment = hash.slice("#case=".length);
    history.replaceState(null, "", window.location.pathname + window.location.search);
    var metaToken = document.querySelector('meta[name="csrf-token"]');
    fetch(workspace.getAttribute("data-prefill-url") || "/clinician/prefill", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "X-CSRF-Token": metaToken ? metaToken.getAttribute("content") : "",
        "Content-Type": "application/json"
      },
      body: JSON.stringify({ fragment: fragment })
    }).then(function (response) {
      if (response.status !== 200) { throw new Error("failed"); }
      return response.text();
    }).then(function (html) {
      workspace.innerHTML = html;  // rendered and escaped by the server's templates
      var say = startForm();
      var fresh = workspace.querySelector("#result .cl-panel");
      if (say) { say(fresh ? fresh.getAttribute("data-status") || "" : ""); }
      var notice = document.getElementById("cl-prefill");
      if (notice) { notice.scrollIntoView({ block: "nearest" }); }
    }).catch(function () {
      var say = startForm();
      if (say) { say(workspace.getAttribute("data-msg-prefill-failed") || ""); }
    });
  } else {
    startForm();
  }
})();
