// The recovery diary (/diary). The entries live only in this browser (localStorage); the server
// keeps nothing. Every saved entry is sent, with the earlier ones, to the stateless
// /api/v1/diary/check so that the ENGINE decides whether it is an emergency: this file holds no
// clinical logic, it stores, draws and shows what the server says.
// Without this file the form still posts to /diary/check and the result comes back as a page.
(function () {
  "use strict";

  var KEY = "sciatica-diary-v1";
  // The server takes at most 150 entries a request (its body limit); a form post is longer
  // (URL-encoded), so the PDF takes the latest 100. A check reads only the last weeks anyway.
  var MAX_SENT = 150, MAX_PDF = 100;
  var COUNTRY_KEY = "sciatica-diary-country";
  var SVG = "http://www.w3.org/2000/svg";
  var form = document.getElementById("diary-form");
  var slot = document.getElementById("diary-result");
  if (!form || !slot) { return; }
  var labels = JSON.parse(slot.getAttribute("data-labels") || "{}");
  var status = document.getElementById("diary-status");
  var lang = document.documentElement.lang || "en";
  var country = document.getElementById("diary-country");

  function load() {
    try {
      var entries = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(entries) ? entries : [];
    } catch (e) {
      return [];  // a damaged store is not a reason to stop the page working
    }
  }
  function store(entries) { window.localStorage.setItem(KEY, JSON.stringify(entries)); }
  function sorted(entries) {
    // a stable sort by date: two entries of one day keep the order they were written in
    return entries.map(function (e, i) { return [e, i]; })
      .sort(function (a, b) { return a[0].date < b[0].date ? -1 : a[0].date > b[0].date ? 1 : a[1] - b[1]; })
      .map(function (p) { return p[0]; });
  }

  // --- the entry from the form: only what was answered -----------------------------------
  function radio(name) {
    var checked = form.querySelector("input[name='" + name + "']:checked");
    return checked ? checked.value : null;
  }
  function readForm() {
    var entry = {
      date: form.elements.date.value,
      legs: radio("legs"),
      leg_pain: parseInt(form.elements.leg_pain.value, 10),
      back_pain: parseInt(form.elements.back_pain.value, 10)
    };
    ["weak", "weakness_course", "heel_walk", "toe_walk", "saddle_numbness", "bladder", "bowel"]
      .forEach(function (name) {
        var value = radio(name);
        if (value !== null) { entry[name] = value; }
      });
    var sbi = {};
    var given = 0;
    ["leg_pain", "numbness_tingling", "weakness", "back_or_leg_pain_sitting"].forEach(function (k) {
      var value = form.elements["sbi_" + k].value;
      if (value !== "") { sbi[k] = parseInt(value, 10); given += 1; }
    });
    if (given === 4) { entry.sbi = sbi; }
    return entry;
  }

  // --- the questions for a weak leg only when a leg is weak ---------------------------------
  var weakOnly = form.querySelector(".diary-weak-only");
  function followWeak() {
    var weak = radio("weak");
    weakOnly.hidden = weak === "none";
    // hidden answers are not sent: "no weakness" makes them meaningless
    weakOnly.querySelectorAll("input").forEach(function (input) { input.disabled = weak === "none"; });
  }
  form.querySelectorAll("input[name='weak']").forEach(function (input) {
    input.addEventListener("change", followWeak);
  });

  // --- the chart (SVG) and the table ------------------------------------------------------
  function el(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function dayNumber(iso) { return Date.parse(iso + "T00:00:00Z") / 86400000; }

  function drawChart(entries) {
    var box = document.getElementById("diary-chart");
    box.textContent = "";
    if (!entries.length) {
      var empty = document.createElement("p");
      empty.textContent = labels.chart_empty;
      box.appendChild(empty);
      return;
    }
    // drawn at the box's own width, so the labels keep their size on a phone
    var W = Math.max(300, Math.min(box.clientWidth || 640, 704)), H = 240;
    var left = 34, right = 16, top = 12, bottom = 40;
    var first = dayNumber(entries[0].date), last = dayNumber(entries[entries.length - 1].date);
    var span = Math.max(last - first, 1);
    function x(e) {
      return entries.length === 1 ? left + (W - left - right) / 2
        : left + (dayNumber(e.date) - first) / span * (W - left - right);
    }
    function y(v) { return top + (10 - v) / 10 * (H - top - bottom); }
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-labelledby": "diary-chart-desc" });
    svg.appendChild(el("title", { id: "diary-chart-desc" }, labels.chart_label));
    for (var v = 0; v <= 10; v += 2) {
      svg.appendChild(el("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), "class": "grid" }));
      svg.appendChild(el("text", { x: left - 8, y: y(v) + 4, "text-anchor": "end", "class": "axis-label" }, String(v)));
    }
    var shownDates = entries.length === 1 ? [entries[0]] : [entries[0], entries[entries.length - 1]];
    shownDates.forEach(function (e, i) {
      var anchor = entries.length === 1 ? "middle" : (i === 0 ? "start" : "end");
      svg.appendChild(el("text", { x: x(e), y: H - 12, "text-anchor": anchor, "class": "axis-label" }, e.date));
    });
    [["leg_pain", "leg"], ["back_pain", "back"]].forEach(function (series) {
      var points = entries.map(function (e) { return x(e).toFixed(1) + "," + y(e[series[0]]).toFixed(1); });
      svg.appendChild(el("polyline", { points: points.join(" "), "class": "line-" + series[1] }));
      entries.forEach(function (e) {
        svg.appendChild(el("circle", { cx: x(e), cy: y(e[series[0]]), r: 4, "class": "dot-" + series[1] }));
      });
    });
    box.appendChild(svg);
    var key = document.createElement("ul");
    key.className = "diary-key";
    [["leg", labels.series_leg], ["back", labels.series_back]].forEach(function (k) {
      var item = document.createElement("li");
      item.className = k[0];
      item.textContent = k[1];
      key.appendChild(item);
    });
    box.appendChild(key);
  }

  function flagsText(e) {
    var answers = [e.saddle_numbness, e.bladder, e.bowel];
    if (answers.indexOf("yes") >= 0 || answers.indexOf("unsure") >= 0) { return labels.flags_some; }
    if (answers.indexOf(undefined) >= 0) { return labels.flags_missing; }
    return labels.flags_none;
  }
  function sideText(side, none) {
    if (side === undefined || side === null) { return "–"; }
    return side === "none" ? none : labels["side_" + side];
  }
  function sbiTotal(e) {
    if (!e.sbi) { return "–"; }
    return String(Object.keys(e.sbi).reduce(function (sum, k) { return sum + e.sbi[k]; }, 0));
  }

  function drawTable(entries) {
    var body = document.getElementById("diary-rows");
    body.textContent = "";
    entries.forEach(function (e) {
      var row = document.createElement("tr");
      [e.date, e.leg_pain + "/10", e.back_pain + "/10", sbiTotal(e), sideText(e.weak, labels.weak_none), flagsText(e)]
        .forEach(function (text, i) {
          var cell = document.createElement(i === 0 ? "th" : "td");
          if (i === 0) { cell.scope = "row"; }
          cell.textContent = text;
          row.appendChild(cell);
        });
      var cell = document.createElement("td");
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "sc-linkish";
      remove.textContent = "×";
      remove.setAttribute("aria-label", labels.remove.replace("{date}", e.date));
      remove.addEventListener("click", function () {
        store(load().filter(function (other) { return JSON.stringify(other) !== JSON.stringify(e); }));
        draw();
      });
      cell.appendChild(remove);
      row.appendChild(cell);
      body.appendChild(row);
    });
  }

  function draw() {
    var entries = sorted(load());
    drawChart(entries);
    drawTable(entries);
  }

  // --- the check: the server's engine decides, the page shows --------------------------------
  function request(entries) {
    return {
      format: "sciatica-diary/1",
      locale: lang,
      country: country ? country.value : undefined,
      entries: entries
    };
  }
  function callNumber() {
    var call = document.querySelector(".sc-emergency-box .sc-call");
    return call ? call.getAttribute("href").replace(/^(tel|sms):/, "") : "112";
  }
  function check() {
    return fetch("/api/v1/diary/check", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(request(sorted(load()).slice(-MAX_SENT)))
    }).then(function (answer) {
      if (!answer.ok) { throw new Error("check failed: " + answer.status); }
      return answer.json();
    }).then(function (result) {
      slot.innerHTML = result.html;  // rendered by the server from its own templates
      var heading = document.getElementById("diary-result-title");
      if (heading) { heading.focus(); }
    }).catch(function () {
      status.textContent = labels.error_network.replace("{number}", callNumber());
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!form.reportValidity()) { return; }
    var entries = load();
    entries.push(readForm());
    store(entries);
    // a fresh form for the next entry: an old "no" to a warning sign must never carry over
    var chosen = country ? country.value : null;
    form.reset();
    if (country && chosen) { country.value = chosen; }
    followWeak();
    status.textContent = labels.saved;
    draw();
    check();
  });

  // --- country: remembered here, and the page's numbers follow it --------------------------
  if (country) {
    var remembered = window.localStorage.getItem(COUNTRY_KEY);
    var asked = new URLSearchParams(window.location.search).get("country");
    if (remembered && !asked && remembered !== country.value &&
        country.querySelector("option[value='" + remembered + "']")) {
      window.location.replace("/diary?lang=" + lang + "&country=" + encodeURIComponent(remembered));
      return;
    }
    country.addEventListener("change", function () {
      window.localStorage.setItem(COUNTRY_KEY, country.value);
      window.location.assign("/diary?lang=" + lang + "&country=" + encodeURIComponent(country.value));
    });
  }

  // --- exports and forgetting -----------------------------------------------------------------
  document.querySelectorAll("[data-needs-js]").forEach(function (node) { node.hidden = false; });
  var pdfForm = document.getElementById("diary-pdf-form");
  if (pdfForm) {
    pdfForm.addEventListener("submit", function (event) {
      var entries = sorted(load());
      if (!entries.length) { event.preventDefault(); status.textContent = labels.chart_empty; return; }
      pdfForm.elements.entries.value = JSON.stringify(entries.slice(-MAX_PDF));
    });
  }
  var fhir = document.getElementById("diary-fhir");
  if (fhir) {
    fhir.addEventListener("click", function () {
      var entries = sorted(load()).slice(-MAX_SENT);
      if (!entries.length) { status.textContent = labels.chart_empty; return; }
      fetch("/api/v1/diary/fhir", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(request(entries))
      }).then(function (answer) {
        if (!answer.ok) { throw new Error("export failed: " + answer.status); }
        return answer.blob();
      }).then(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = "recovery-diary-fhir.json";
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      }).catch(function () { status.textContent = labels.error_title; });
    });
  }
  var forget = document.getElementById("diary-forget");
  if (forget) {
    forget.addEventListener("click", function () {
      if (!window.confirm(labels.forget_confirm)) { return; }
      window.localStorage.removeItem(KEY);
      slot.textContent = "";
      draw();
      status.textContent = labels.forgotten;
    });
  }

  followWeak();
  draw();
})();
