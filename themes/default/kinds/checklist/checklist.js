/* Metodika decision checklists (content kind `checklist`). Without this script the
   checklist is a form with its rules spelled out below it. With it, the outcome follows
   the answers at once (announced to screen readers), saying why: which exclusion holds,
   which condition is not met, what is still to clarify. The answers are kept through window.Metodika.store (site.js),
   per site and checklist; "clear" forgets them. Only answers are kept, never names. */
(function () {
  "use strict";

  var all = window.Metodika.all;
  var element = window.Metodika.element;

  var store = window.Metodika && window.Metodika.store;
  var site = document.body.getAttribute("data-site") || "";



  function Checklist(root, saving) {
    var key = "metodika:" + site + ":checklist:" + root.getAttribute("data-key");
    var items = all(root, "[data-checklist-item]");
    var out = root.querySelector("[data-checklist-outcome]");
    var label = function (name) {
      return root.getAttribute("data-label-" + name) || "";
    };

    function answer(item) {
      var chosen = item.querySelector("input:checked");
      return chosen ? chosen.value : "unknown";
    }

    function text(item) {
      return item.querySelector("[data-checklist-text]").textContent.trim();
    }

    function save() {
      if (!saving) return;
      var answers = {};
      items.forEach(function (item) {
        var chosen = item.querySelector("input:checked");
        if (chosen) answers[item.id] = chosen.value;
      });
      store.set(key, JSON.stringify({ answers: answers }));
    }

    function list(title, entries) {
      var box = document.createDocumentFragment();
      if (!entries.length) return box;
      box.appendChild(element("p", "checklist-reason-title", title));
      var ul = element("ul", "checklist-reasons");
      entries.forEach(function (e) {
        ul.appendChild(element("li", "", e));
      });
      box.appendChild(ul);
      return box;
    }

    function update() {
      var of = function (type) {
        return items.filter(function (i) {
          return i.getAttribute("data-type") === type;
        });
      };
      var holding = of("exclusion").filter(function (i) {
        return answer(i) === "yes";
      });
      // A required item answered "no" is an answer (the condition is not met); one not
      // answered yes or no is still open, and so is an exclusion not answered "no".
      var failed = of("required").filter(function (i) {
        return answer(i) === "no";
      });
      var missing = of("required").filter(function (i) {
        var a = answer(i);
        return a !== "yes" && a !== "no";
      });
      var open = of("exclusion").filter(function (i) {
        return answer(i) !== "no" && answer(i) !== "yes";
      });
      var rules = all(root, "[data-when]");
      var rule = rules.filter(function (r) {
        var when = r.getAttribute("data-when");
        if (when === "exclusion") return holding.length > 0;
        if (when === "not_met") return failed.length > 0 && holding.length === 0;
        if (when === "all_required")
          return holding.length === 0 && failed.length === 0 && missing.length === 0 && open.length === 0;
        return true;
      })[0];
      out.textContent = "";
      if (!rule) return;
      var when = rule.getAttribute("data-when");
      root.setAttribute("data-outcome", when);
      out.className = "checklist-outcome checklist-outcome-" + when;
      var title = element("p", "checklist-outcome-title");
      title.appendChild(element("strong", "", rule.querySelector("[data-checklist-title]").textContent.trim()));
      out.appendChild(title);
      if (when === "exclusion") {
        out.appendChild(list(label("because"), holding.map(text)));
      } else if (when !== "all_required") {
        out.appendChild(list(label("not-met"), failed.map(text)));
        out.appendChild(
          list(
            label("missing"),
            missing.map(text).concat(
              open.map(function (i) {
                return text(i) + " (" + label("unclear") + ")";
              })
            )
          )
        );
      }
      var guidance = rule.querySelector("[data-checklist-guidance]");
      if (guidance) {
        var copy = guidance.cloneNode(true);
        all(copy, "[id]").forEach(function (e) {
          e.removeAttribute("id");
        });
        out.appendChild(copy);
      }
    }

    all(root, "[data-checklist-js]").forEach(function (el) {
      el.hidden = false;
    });
    var note = root.querySelector("[data-checklist-storage]");
    note.textContent = saving ? label("saved") : label("not-saved");
    note.hidden = false;
    if (saving) {
      try {
        var saved = JSON.parse(store.get(key));
        var answers = (saved && saved.answers) || {};
        items.forEach(function (item) {
          var value = answers[item.id];
          all(item, "input").forEach(function (input) {
            input.checked = input.value === value;
          });
        });
      } catch (e) {
        /* nothing saved, or not readable: start empty */
      }
    }
    root.addEventListener("change", function () {
      save();
      update();
    });
    root.querySelector("[data-checklist-reset]").addEventListener("click", function () {
      all(root, "input").forEach(function (input) {
        input.checked = false;
      });
      if (saving) store.remove(key);
      update();
      var first = root.querySelector("input");
      if (first) first.focus();
    });
    update();
  }

  function start(saving) {
    all(document, '[data-metodika="checklist"]').forEach(function (root) {
      new Checklist(root, saving);
    });
  }
  if (store) store.ready(start);
  else start(false);
})();
