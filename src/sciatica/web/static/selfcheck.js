// Self-check enhancements. Everything works without this file: plain forms post to the server.
// Adds: Print buttons, emergency numbers that follow the country
// chosen on the start page (one primary number, the others labelled; sms: kept), a tap on a choice goes on to the next question, digit keys pick a
// choice, and focus on the question (or the error) when a page opens.
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  if (document.querySelector("[data-print]")) {
    // The server-rendered printable version is for browsers without JavaScript.
    document.querySelectorAll("[data-print-fallback]").forEach(function (el) { el.hidden = true; });
  }

  // Start page: the numbers follow the country select (without the script, a button shows them).
  var country = document.querySelector(".sc-start-form #sc-country");
  var box = document.getElementById("sc-numbers");
  document.querySelectorAll("[data-nojs-only]").forEach(function (el) { el.hidden = true; });
  if (country && box) {
    var title = document.getElementById("sc-emergency-title");
    var titleTemplate = title ? title.textContent : "";
    var firstNumber = (JSON.parse(country.options[country.selectedIndex].getAttribute("data-numbers") || "[]")[0] || [""])[0];
    country.addEventListener("change", function () {
      var option = country.options[country.selectedIndex];
      var numbers = JSON.parse(option.getAttribute("data-numbers") || "[]");
      if (!numbers.length) { return; }
      var call = box.getAttribute("data-call") || "{number}";
      box.textContent = "";
      var first = document.createElement("p");
      first.className = "sc-primary-number";
      var link = document.createElement("a");
      link.className = "button sc-call";
      link.href = numbers[0][1];
      link.textContent = call.replace("{number}", numbers[0][0]);
      first.appendChild(link);
      box.appendChild(first);
      if (numbers.length > 1) {
        var lead = document.createElement("p");
        lead.className = "sc-other-numbers";
        lead.textContent = box.getAttribute("data-others") || "";
        box.appendChild(lead);
        var list = document.createElement("ul");
        list.className = "sc-other-list";
        numbers.slice(1).forEach(function (n) {
          var item = document.createElement("li");
          var other = document.createElement("a");
          other.className = "sc-other-call";
          other.href = n[1];
          other.textContent = n[0];
          item.appendChild(other);
          list.appendChild(item);
        });
        box.appendChild(list);
      }
      if (title && firstNumber) {
        var number = numbers[0][1].replace(/^(tel|sms):/, "");
        title.textContent = titleTemplate.split(firstNumber).join(number);
      }
    });
  }

  // Question page.
  var form = document.querySelector("form.sc-question");
  if (form) {
    var next = form.querySelector('button[name="action"][value="answer"]');
    var radios = Array.prototype.slice.call(form.querySelectorAll('input[type="radio"]'));
    var byPointer = false;
    form.addEventListener("pointerdown", function () { byPointer = true; });
    form.addEventListener("keydown", function (event) {
      byPointer = false;
      var target = event.target;
      if (!radios.length || (target && target.type === "text")) { return; }
      if (event.altKey || event.ctrlKey || event.metaKey) { return; }
      var n = parseInt(event.key, 10);
      if (n >= 1 && n <= radios.length) {
        radios[n - 1].checked = true;
        radios[n - 1].focus();
        event.preventDefault();
      }
    });
    form.addEventListener("click", function (event) {
      // Only a tap or click goes on by itself (also on the choice already made, after "Back");
      // arrow keys move through the choices without sending.
      if (event.target.type === "radio" && byPointer && next) {
        byPointer = false;
        window.setTimeout(function () {
          if (form.requestSubmit) { form.requestSubmit(next); } else { next.click(); }
        }, 250);
      }
    });
    var summary = document.getElementById("sc-error-summary");
    var heading = document.getElementById("sc-q");
    if (summary) { summary.focus(); } else if (heading) { heading.focus({ preventScroll: true }); }
  }

  var level = document.getElementById("sc-level");
  if (level && !document.body.classList.contains("sc-print-view")) {
    level.focus({ preventScroll: true });
  }
})();
