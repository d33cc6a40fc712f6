// Self-check enhancements. Everything works without this file: plain forms post to the server.
// Adds: Print buttons, emergency numbers that follow the country
// chosen on the start page, a tap on a choice goes on to the next question, digit keys pick a
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

  // Start page: the call links follow the country select.
  var country = document.querySelector(".sc-start-form #sc-country");
  var list = document.getElementById("sc-start-numbers");
  if (country && list) {
    country.addEventListener("change", function () {
      var option = country.options[country.selectedIndex];
      var numbers = (option.getAttribute("data-numbers") || "").split(" ").filter(Boolean);
      var template = list.getAttribute("data-call") || "{number}";
      list.textContent = "";
      numbers.forEach(function (number) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.className = "button sc-call";
        link.href = "tel:" + number;
        link.textContent = template.replace("{number}", number);
        item.appendChild(link);
        list.appendChild(item);
      });
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
    var error = document.getElementById("sc-error");
    var first = form.querySelector("#sc-answer, input[type=radio]");
    var heading = document.getElementById("sc-q");
    if (error && first) { first.focus(); } else if (heading) { heading.focus({ preventScroll: true }); }
  }

  var level = document.getElementById("sc-level");
  if (level && !document.body.classList.contains("sc-print-view")) {
    level.focus({ preventScroll: true });
  }
})();
