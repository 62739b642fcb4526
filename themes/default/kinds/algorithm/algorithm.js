/* The cooperation algorithm's walkthrough (content kind `algorithm`). Built from the ordered
   text version on the page, which stays as it is: start at the first step, answer each
   decision, see what to do next and who is responsible, go back, start again, with the path
   taken listed and marked on the flowchart. */
(function () {
  "use strict";

  var all = window.Metodika.all;
  var element = window.Metodika.element;



  function Walk(root) {
    var label = function (name) {
      return root.getAttribute("data-label-" + name) || "";
    };
    var steps = {};
    all(root, "[data-step]").forEach(function (li) {
      if (li.tagName !== "LI") return;
      steps[li.id] = {
        el: li,
        actor: li.getAttribute("data-actor"),
        text: li.querySelector("[data-step-text]").textContent.trim(),
        next: all(li, "[data-next]").map(function (n) {
          return {
            id: n.getAttribute("data-next"),
            label: n.getAttribute("data-label"),
            text: n.querySelector("a").textContent.trim()
          };
        })
      };
    });
    var start = root.getAttribute("data-start");
    var walk = root.querySelector("[data-algorithm-walk]");
    var card = walk.querySelector("[data-walk-card]");
    var choices = walk.querySelector("[data-walk-choices]");
    var pathList = walk.querySelector("[data-walk-path]");
    var announce = walk.querySelector("[data-walk-announce]");
    var back = walk.querySelector("[data-walk-back]");
    var path = [];
    var current = start;

    function mark() {
      all(root, ".algorithm-node").forEach(function (node) {
        var id = node.getAttribute("data-step");
        node.classList.toggle("is-current", id === current);
        node.classList.toggle(
          "is-visited",
          path.some(function (p) {
            return p.id === id;
          })
        );
      });
    }

    function render(focus) {
      var step = steps[current];
      card.textContent = "";
      var head = element("p", "algorithm-walk-step", label("step").replace("{n}", path.length + 1) + " · " + step.actor);
      card.appendChild(head);
      var text = step.el.querySelector("[data-step-text]").cloneNode(true);
      text.removeAttribute("data-step-text");
      card.appendChild(text);
      all(step.el, "[data-step-more]").forEach(function (more) {
        var copy = more.cloneNode(true);
        all(copy, "[id]").forEach(function (e) {
          e.removeAttribute("id");
        });
        card.appendChild(copy);
      });
      choices.textContent = "";
      if (!step.next.length) {
        choices.appendChild(element("p", "algorithm-walk-end", label("end")));
      }
      step.next.forEach(function (n) {
        var caption = n.label || (step.next.length > 1 ? label("then") + ": " + n.text : label("then"));
        var button = element("button", "kind-button algorithm-choice", caption);
        button.type = "button";
        button.setAttribute("data-walk-to", n.id);
        button.addEventListener("click", function () {
          path.push({ id: current, label: n.label });
          current = n.id;
          render(true);
        });
        choices.appendChild(button);
      });
      pathList.textContent = "";
      path.forEach(function (p) {
        var s = steps[p.id];
        var li = element("li", "", s.actor + ": " + s.text + (p.label ? " (" + label("chosen").replace("{label}", p.label) + ")" : ""));
        pathList.appendChild(li);
      });
      back.disabled = path.length === 0;
      mark();
      announce.textContent = head.textContent + ". " + step.text;
      if (focus) card.focus();
    }

    back.addEventListener("click", function () {
      var last = path.pop();
      if (last) current = last.id;
      render(true);
    });
    walk.querySelector("[data-walk-restart]").addEventListener("click", function () {
      path = [];
      current = start;
      render(true);
    });
    walk.hidden = false;
    render(false);
  }

  all(document, '[data-metodika="algorithm"]').forEach(function (root) {
    new Walk(root);
  });
})();
