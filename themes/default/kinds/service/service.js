/* The service catalogue's filters (content kind `service`). Without this script every
   service is listed; with it, three list boxes narrow the list, and the count is announced. */
(function () {
  "use strict";
  var root = document.querySelector('[data-metodika="service-catalogue"]');
  if (!root) return;
  var form = root.querySelector("[data-service-filters]");
  var status = root.querySelector("[data-service-status]");
  var cards = Array.prototype.slice.call(root.querySelectorAll(".service-card"));
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));

  function matches(card) {
    return selects.every(function (select) {
      var want = select.value;
      if (!want) return true;
      var field = select.getAttribute("data-filter");
      var have = card.getAttribute("data-" + field) || "";
      return field === "provider" ? have === want : (" " + have + " ").indexOf(" " + want + " ") >= 0;
    });
  }

  function update() {
    var shown = 0;
    cards.forEach(function (card) {
      card.hidden = !matches(card);
      if (!card.hidden) shown += 1;
    });
    status.textContent = shown
      ? root
          .getAttribute("data-label-shown")
          .replace("{shown}", shown)
          .replace("{total}", cards.length)
      : root.getAttribute("data-label-none");
  }

  form.hidden = false;
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
})();
